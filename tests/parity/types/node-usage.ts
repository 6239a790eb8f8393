// Type-checks the package's declarations as a Node program uses them ("node" export: no init).
// tests/parity/types.test.mjs compiles it against the built package when TypeScript is installed.
import {
  check,
  diff,
  requests,
  run,
  validate,
  Simulation,
  type CheckReport,
  type DiffDocument,
  type DiffLoadError,
  type LoadError,
  type RequestsDocument,
  type RequestsError,
  type Preview,
  type ResultDocument,
  type Step,
  type StepResult,
  type UserView,
} from "licenselab";

declare const text: string; // a scenario, read from a file
const bytes: string = run(text);
const counts: number = validate(text).users + validate(text).steps;

const simulation = new Simulation(text);
const total: number = simulation.stepCount - simulation.position;
let step: StepResult | undefined;
while ((step = simulation.step()) !== undefined) {
  if (step.outcome === "applied") {
    for (const change of step.changes) console.log(change.user, change.gainedPlans.join(), change.lostPlans.join());
  } else {
    console.log(step.error.code, step.error.message);
  }
}
const result: ResultDocument = simulation.result();
const consumed: number = result.final.subscribedSkus[0].consumedUnits;
const state: "Active" | "ActiveWithError" | "Disabled" | "Error" =
  result.final.users[0].licenseAssignmentStates[0].state;
const same: boolean = simulation.resultJson() === bytes;

const users: UserView[] = simulation.users();
const reasons: (string | null)[] = users.flatMap((u) => u.licenseAssignmentStates.map((p) => p.reason));
const group = simulation.group("g1");
const members: number = group?.members.length ?? 0;
const seats: number = simulation.products()[0].availableUnits;

const change: Step = { op: "removeMember", group: "g1", member: "u1", note: "leaves" };
const preview: Preview = simulation.preview(change);
const joined: string[] = preview.joined.map((m) => `${m.group}:${m.user}`);
if (preview.outcome === "rejected") console.log(preview.error.code);
simulation.preview('{"op": "reprocess", "group": "g1"}');
simulation.free();

try {
  new Simulation("{}");
} catch (error) {
  const e = error as LoadError;
  const where: string = e.line === null ? e.path : `${e.line}:${e.column}`;
  console.log(e.name === "LoadError", e.message, where);
}

declare const lastWeek: string; // two imports of a tenant
const changes: DiffDocument = JSON.parse(diff(lastWeek, text));
const lost: string[] = changes.users.flatMap((u) => (u.productsLost ?? []).map((p) => p.displayName));
const cleared: number = changes.users.reduce((n, u) => n + (u.errorsCleared?.length ?? 0), 0);
const table: string = diff(lastWeek, text, "markdown");
try {
  diff("{}", text);
} catch (error) {
  const e = error as DiffLoadError;
  console.log(e.document === "old", e.line, changes.summary.users.changed);
}

declare const changeFile: string; // a changes file, read from a file
const report: CheckReport = JSON.parse(check(text, { steps: changeFile, deny: ["service-gap", "lost-plans"], allow: ["group:leavers"] }));
const gaps: string[] = report.users.flatMap((u) => u.serviceGaps.map((g) => `${u.user}: ${g.service}`));
const failed: boolean = !report.passed && report.failures.some((f) => f.check === "service-gap");
const toBuy: number = report.seats.reduce((n, s) => n + s.shortfall, 0);
const plain: string = check(text, { deny: ["new-errors"] });

console.log(counts, total, consumed, state, same, reasons, members, seats, joined, lost, cleared, table);
console.log(gaps, failed, toBuy, plain);

const plan: RequestsDocument = JSON.parse(requests(text, "graph"));
const sent: string[] = plan.requests.map((r) => ("byHand" in r ? `by hand: ${r.byHand}` : `${r.method} ${plan.graph}${r.url}`));
const waits: number = plan.requests.reduce((n, r) => n + (r.wait?.length ?? 0), 0);
const script: string = requests(text, "powershell");
try {
  requests(text, "graph");
} catch (error) {
  const e = error as RequestsError | LoadError;
  console.log(e.name === "RequestsError" ? e.path : e.message);
}
console.log(sent, waits, script, plan.scopes.join());
