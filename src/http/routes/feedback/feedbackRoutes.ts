import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { storeFeedbackAttachment } from "../../../services/feedback/attachments.ts";
import {
  confirmContactVerification,
  startContactVerification,
  verifiedContactExists,
} from "../../../services/feedback/contactVerification.ts";
import { searchFaq } from "../../../services/feedback/faq.ts";
import { contactNotVerified } from "../../../services/feedback/feedbackErrors.ts";
import { publishedItems } from "../../../services/feedback/listItems.ts";
import { submitItem } from "../../../services/feedback/submitItem.ts";
import { fileTooLarge } from "../../../services/files/receiveFile.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import type { DossierRouteContext } from "../dossierRouteContext.ts";
import { MISSING_FILE, receiveFilePart } from "../filePart.ts";
import {
  asJson,
  ConfirmBody,
  FaqList,
  FaqQuery,
  FeedbackBody,
  feedbackErrors,
  PublishedList,
  QuestionBody,
  SubmittedResponse,
  VerificationBody,
} from "./feedbackSchemas.ts";

/**
 * The public side of feedback and questions (issue #17, R-PAKN-1, R-QA-1: accepted 24/7 from anyone): one-time codes
 * for a contact, files, sending feedback or a question (with a session, or a verified contact), the published
 * answers and the FAQ. A session, when present, is used — and its CSRF token checked — by the auth plugin.
 */
export const publicFeedbackRoutes: FastifyPluginAsyncTypebox<DossierRouteContext> = async (app, context) => {
  const { db, clock } = context;

  app.post(
    "/public/contact-verifications",
    {
      config: { rateLimit: { max: 10, timeWindow: "1 minute" } },
      schema: {
        tags: ["public"],
        summary: "Gửi mã xác minh một lần tới số điện thoại hoặc thư điện tử",
        body: VerificationBody,
        response: {
          201: Type.Object({ verificationId: Type.String(), expiresAt: Type.String() }),
          ...feedbackErrors,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(asJson(await startContactVerification(db, { ...request.body, now: clock() }))),
  );

  app.post(
    "/public/contact-verifications/:id/confirm",
    {
      config: { rateLimit: { max: 20, timeWindow: "1 minute" } },
      schema: {
        tags: ["public"],
        summary: "Xác nhận mã một lần",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        body: ConfirmBody,
        response: {
          200: Type.Object({ verificationId: Type.String(), channel: Type.String(), address: Type.String() }),
          ...feedbackErrors,
        },
      },
    },
    async (request) =>
      confirmContactVerification(db, {
        verificationId: request.params.id,
        code: request.body.code,
        now: clock(),
      }),
  );

  app.post(
    "/public/feedback/attachments",
    {
      schema: {
        tags: ["public"],
        summary: "Tải lên một tệp đính kèm phản ánh, câu hỏi",
        consumes: ["multipart/form-data"],
        headers: Type.Object({ "x-contact-verification": Type.Optional(Type.String({ format: "uuid" })) }),
        response: {
          201: Type.Object({
            id: Type.String(),
            fileName: Type.String(),
            mediaType: Type.String(),
            sizeBytes: Type.Integer(),
          }),
          ...feedbackErrors,
          413: ErrorResponse,
          415: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const verification = request.headers["x-contact-verification"];
      let ownerKey: string;
      if (request.actor) ownerKey = `user:${request.actor.userId}`;
      else if (verification && (await verifiedContactExists(db, verification, clock())))
        ownerKey = `contact:${verification}`;
      else throw contactNotVerified();
      const tooLarge = () => fileTooLarge(context.limits.maxFileBytes);
      // Issue #21 item 5: the part streams through the uploads' path (checked, counted, hashed, stored, then the row).
      const stored = await receiveFilePart(request, { missingFile: MISSING_FILE, tooLarge }, (part) =>
        storeFeedbackAttachment(db, context.storage, {
          ownerKey,
          fileName: part.fileName,
          content: part.content,
          now: clock(),
          limits: context.limits,
        }),
      );
      return reply.code(201).send(stored);
    },
  );

  app.post(
    "/public/feedback",
    {
      config: { rateLimit: { max: 20, timeWindow: "1 minute" } },
      schema: {
        tags: ["public"],
        summary: "Gửi phản ánh, kiến nghị",
        body: FeedbackBody,
        response: { 201: SubmittedResponse, ...feedbackErrors },
      },
    },
    async (request, reply) => {
      const submitted = await submitItem(db, {
        ...request.body,
        kind: "feedback",
        actor: request.actor ?? undefined,
        now: clock(),
      });
      return reply.code(201).send(asJson(submitted));
    },
  );

  app.post(
    "/public/questions",
    {
      config: { rateLimit: { max: 20, timeWindow: "1 minute" } },
      schema: {
        tags: ["public"],
        summary: "Gửi câu hỏi về một thủ tục hành chính",
        body: QuestionBody,
        response: { 201: SubmittedResponse, ...feedbackErrors },
      },
    },
    async (request, reply) => {
      const submitted = await submitItem(db, {
        ...request.body,
        kind: "question",
        actor: request.actor ?? undefined,
        now: clock(),
      });
      return reply.code(201).send(asJson(submitted));
    },
  );

  app.get(
    "/public/feedback/published",
    {
      schema: {
        tags: ["public"],
        summary: "Phản ánh, kiến nghị và trả lời đã công khai (đã ẩn thông tin cá nhân)",
        response: { 200: PublishedList },
      },
    },
    async () => ({ items: asJson(await publishedItems(db, {})) }),
  );

  app.get(
    "/public/faq",
    {
      schema: {
        tags: ["public"],
        summary: "Hỏi đáp thường gặp, tìm không cần dấu, theo ngành hoặc thủ tục",
        querystring: FaqQuery,
        response: { 200: FaqList, 400: ErrorResponse },
      },
    },
    async (request) => ({
      items: asJson(
        await searchFaq(db, {
          q: request.query.q,
          procedureCode: request.query.procedure,
          sectorCode: request.query.sector,
        }),
      ),
    }),
  );
};
