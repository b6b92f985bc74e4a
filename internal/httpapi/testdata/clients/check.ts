// Compiled with tsc --strict against the types openapi-typescript
// generates from api/openapi.json (schema.d.ts beside it). It fails to
// compile when an operation loses its operationId, a field that is always
// present becomes optional, or a shared enum stops being one type.
import type { components, operations } from "./schema";

type Standard = components["schemas"]["Standard"];
type Stage = components["schemas"]["Stage"];

// Operations are named, not Record<string, never>.
const named: (keyof operations)[] = ["listStandards", "getStandard", "lookupStandard", "createStandard", "updateStandard", "moveStandard", "getCycle", "getDraftingCycle"];

// Fields every standard has are required: no undefined to narrow away.
function describe(s: Standard): string {
  return s.code + " " + s.title_zh + " " + s.stage + " " + s.kind + " " + s.id;
}

// The stage of a standard and the target of a move are the same named enum.
const move: operations["moveStandard"]["requestBody"]["content"]["application/json"] = { to: "drafting", occurred_on: "2026-05-06" };
const same: Stage = move.to;
// @ts-expect-error: not a stage
const wrong: Stage = "finished";

// Each error response is a problem of its own.
type NotFound = operations["lookupStandard"]["responses"][404]["content"]["application/problem+json"];
const status = (p: NotFound): number => p.status;

export { named, describe, same, wrong, status };
