/**
 * The appointment a dossier is judged against (R-LATE-3 clarified, R-KPI-4): the one set at acceptance or by the
 * last supplement restart (`originalDueAt`), never the one an extension moved. An extension exists because the
 * dossier is (going to be) late; it changes only the appointment shown to the applicant and the officers' working
 * deadline (`dueAt`), so timeliness, the 766 index, dashboards, reports and the late list read this instead.
 *
 * A dossier without an original appointment (never accepted, or stored before it was recorded) is judged against
 * the appointment in force.
 */
export interface Appointments {
  /** The appointment in force (NgayHenTra shown to the applicant; the extended one after an extension). */
  dueAt?: Date | undefined;
  /** The appointment before any extension (after a supplement restart, the restarted one). */
  originalDueAt?: Date | undefined;
}

export function judgedAppointment(appointments: Appointments): Date | undefined {
  return appointments.originalDueAt ?? appointments.dueAt;
}
