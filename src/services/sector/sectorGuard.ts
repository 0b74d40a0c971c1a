import { ConflictError } from "../errors.ts";

/**
 * A dossier handled by a sector system (issue #18, R-STATUS-4) is never processed in OneStop's workflows: the office
 * sees it (lookup, dashboards, statistics) but every command on it is refused; its statuses come from that system.
 */
export function refuseIfSectorHandled(row: { sector_system_id: string | null }): void {
  if (row.sector_system_id !== null)
    throw new ConflictError("SECTOR_HANDLED_DOSSIER", {
      vi: "Hồ sơ này do hệ thống chuyên ngành giải quyết; trạng thái được cập nhật từ hệ thống đó, không xử lý trên hệ thống một cửa",
      en: "This dossier is handled by a sector system; its status comes from that system and it is not processed here",
    });
}
