import type { WorkflowDefinition } from "../../domain/workflow/definition.ts";

const BOX_W = 170;
const BOX_H = 66;
const GAP_X = 60;
const GAP_Y = 24;

/** Columns by distance from the start step (breadth-first); steps never reached go to a last column. */
function layout(definition: WorkflowDefinition): Map<string, { x: number; y: number }> {
  const depth = new Map<string, number>([[definition.start, 0]]);
  const queue = [definition.start];
  while (queue.length > 0) {
    const code = queue.shift()!;
    for (const action of definition.actions.filter((a) => a.from === code))
      if (!depth.has(action.to)) {
        depth.set(action.to, depth.get(code)! + 1);
        queue.push(action.to);
      }
  }
  const last = Math.max(0, ...depth.values()) + 1;
  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  for (const step of definition.steps) {
    const column = depth.get(step.code) ?? last;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions.set(step.code, { x: 10 + column * (BOX_W + GAP_X), y: 10 + row * (BOX_H + GAP_Y) });
  }
  return positions;
}

/**
 * The workflow drawn as boxes (steps) and arrows (actions), as an SVG with a text alternative: the same steps and
 * actions are in the tables beside it. Steps with a validation problem are outlined in red.
 */
export function WorkflowDiagram({
  definition,
  lang,
  flagged,
  title,
}: {
  definition: WorkflowDefinition;
  lang: "vi" | "en";
  flagged: ReadonlySet<string>;
  title: string;
}) {
  const positions = layout(definition);
  const width = Math.max(...[...positions.values()].map((p) => p.x + BOX_W + 10), 200);
  // Room below the boxes for the arrows that go back (send back, supplement loops).
  const height = Math.max(...[...positions.values()].map((p) => p.y + BOX_H + 60), 80);
  return (
    <div className="wf-diagram">
      <svg width={width} height={height} role="img" aria-label={title} data-testid="workflow-diagram">
        <title>{title}</title>
        <defs>
          <marker
            id="wf-arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="#44546a" />
          </marker>
        </defs>
        {definition.actions.map((action) => {
          const from = positions.get(action.from);
          const to = positions.get(action.to);
          if (!from || !to) return null;
          const x1 = from.x + BOX_W;
          const y1 = from.y + BOX_H / 2;
          const back = to.x <= from.x;
          const x2 = back ? to.x + BOX_W / 2 : to.x;
          const y2 = back ? to.y + BOX_H : to.y + BOX_H / 2;
          const path = back
            ? `M${from.x + BOX_W / 2},${from.y + BOX_H} C${from.x + BOX_W / 2},${from.y + BOX_H + 40} ${x2},${y2 + 40} ${x2},${y2}`
            : `M${x1},${y1} C${x1 + GAP_X / 2},${y1} ${x2 - GAP_X / 2},${y2} ${x2},${y2}`;
          return (
            <path
              key={action.code}
              d={path}
              fill="none"
              stroke={back ? "#8a4b00" : "#44546a"}
              strokeDasharray={back ? "4 3" : undefined}
              markerEnd="url(#wf-arrow)"
            >
              <title>{action.name[lang] || action.name.vi}</title>
            </path>
          );
        })}
        {definition.steps.map((step) => {
          const p = positions.get(step.code)!;
          const name = step.name[lang] || step.name.vi;
          return (
            <g key={step.code} transform={`translate(${p.x},${p.y})`}>
              <rect
                width={BOX_W}
                height={BOX_H}
                rx={8}
                fill={step.code === definition.start ? "#e8eefc" : "#fff"}
                stroke={flagged.has(step.code) ? "#b3261e" : "#08419c"}
                strokeWidth={flagged.has(step.code) ? 3 : 1.5}
              />
              <text x={8} y={20} fontSize={12} fontWeight={600} fill="#1a1a1a">
                {step.code.length > 24 ? `${step.code.slice(0, 23)}…` : step.code}
              </text>
              <text x={8} y={38} fontSize={11} fill="#333">
                {name.length > 22 ? `${name.slice(0, 21)}…` : name}
              </text>
              <text x={8} y={56} fontSize={11} fill="#333">
                {step.duration.amount}
                {step.duration.unit}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
