import { RETURN_CHANNELS } from "./channel.ts";
import { dossierRefusals } from "./dossierRefusals.ts";
import { changed, type Rule, refused } from "./ruleInput.ts";

/**
 * The counter returns the result at the counter, by post or online (R-RES-1) and closes the dossier (9 → 10,
 * R-STATUS-6). Returning before the appointment is fine (R-RES-4).
 */
export const returnResult: Rule<"returnResult"> = ({ state, command, now }) => {
  if (!RETURN_CHANNELS.includes(command.channel)) return refused(dossierRefusals.returnChannelRequired());
  const onTime = state.dueAt === undefined || now <= state.dueAt;
  return changed({ returnChannel: command.channel, closedAt: now }, { channel: command.channel, onTime });
};
