import { createOpenApiDocument } from "@atiende/api/rest";

export function GET(request: Request) {
  return Response.json(createOpenApiDocument(new URL(request.url).origin));
}
