import { createOpenApiDocument } from "@atiende/api/rest";

export const metadata = { title: "Atiende · REST API" };

const METHODS = ["get", "post", "patch", "put", "delete"] as const;

interface Operation {
  summary?: string;
  tags?: string[];
  responses?: Record<string, { description?: string }>;
  requestBody?: unknown;
}

/** A readable reference of the REST API, rendered from the same OpenAPI document /api/openapi.json serves. */
export default function ApiDocsPage() {
  const document = createOpenApiDocument();
  const paths = Object.entries(document.paths ?? {}) as [string, Partial<Record<string, Operation>>][];
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <h1 className="text-3xl font-bold">{document.info.title}</h1>
      <p className="mt-3 text-slate-700">{document.info.description}</p>
      <p className="mt-2 text-sm">
        <a className="text-indigo-700 underline" href="/api/openapi.json">
          /api/openapi.json
        </a>{" "}
        (OpenAPI {document.openapi})
      </p>
      <div className="mt-8 space-y-4">
        {paths.flatMap(([path, item]) =>
          METHODS.flatMap((method) => {
            const operation = item[method];
            if (!operation) return [];
            return [
              <section key={`${method} ${path}`} className="rounded-lg border border-slate-200 bg-white p-4" aria-label={`${method.toUpperCase()} ${path}`}>
                <h2 className="font-mono text-sm font-semibold">
                  <span className="mr-2 rounded bg-indigo-100 px-2 py-0.5 text-indigo-800">{method.toUpperCase()}</span>
                  {path}
                </h2>
                <p className="mt-2 text-slate-800">{operation.summary}</p>
                <ul className="mt-2 flex flex-wrap gap-2 text-xs text-slate-700">
                  {Object.entries(operation.responses ?? {}).map(([status, response]) => (
                    <li key={status} className="rounded border border-slate-200 px-2 py-0.5">
                      <span className="font-semibold">{status}</span> {response.description}
                    </li>
                  ))}
                </ul>
              </section>,
            ];
          }),
        )}
      </div>
    </main>
  );
}
