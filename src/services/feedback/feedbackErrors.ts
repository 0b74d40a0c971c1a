import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from "../errors.ts";
import type { LocalizedText } from "../validation/messages.ts";

/** The refusals of the feedback and question use cases (issue #17), each with its Vietnamese and English text. */

export const invalidInput = (field: string, message: LocalizedText) =>
  new ValidationError([{ field, message }]);

export const feedbackNotFound = () =>
  new NotFoundError({
    vi: "Không tìm thấy phản ánh, kiến nghị hoặc câu hỏi",
    en: "Feedback or question not found",
  });

export const dossierCodeUnknown = () =>
  invalidInput("dossierCode", {
    vi: "Không tìm thấy hồ sơ có mã số này",
    en: "No dossier has this code",
  });

export const procedureCodeUnknown = (field = "procedureCode") =>
  invalidInput(field, { vi: "Không tìm thấy thủ tục có mã này", en: "No procedure has this code" });

export const agencyCodeUnknown = (field = "agencyCode") =>
  invalidInput(field, { vi: "Không tìm thấy cơ quan có mã này", en: "No agency has this code" });

export const contactNotVerified = () =>
  new ForbiddenError(
    {
      vi: "Vui lòng đăng nhập, hoặc xác minh số điện thoại hay thư điện tử bằng mã một lần trước khi gửi",
      en: "Please log in, or verify your phone number or e-mail with a one-time code before sending",
    },
    "CONTACT_NOT_VERIFIED",
  );

export const wrongState = (text: LocalizedText) => new ConflictError("FEEDBACK_WRONG_STATE", text);

export const verificationFailed = (text: LocalizedText) =>
  new UnprocessableError("VERIFICATION_FAILED", text);
