// The shapes that cross licenselab's JavaScript API. Scenario and result follow the public
// contract (scenario-format.md); names are Microsoft Graph's.

/** What `licenselab validate` counts. */
export interface ValidationSummary {
  products: number;
  users: number;
  groups: number;
  steps: number;
  /** What loaded but deserves a word, each starting with its field path (the native command
   * prints them on standard error). */
  warnings: string[];
}

/**
 * Thrown when a scenario (or a step to preview) cannot be loaded. `message` is exactly what the
 * native command prints after `licenselab: FILE: `; the parts are there for tools that point at
 * the spot. Test for it with `error.name === "LoadError"`.
 */
export interface LoadError extends Error {
  name: "LoadError";
  /** 1-based line in the JSON text, or null when the error has no position (see `path`). */
  line: number | null;
  /** 1-based column in the JSON text, or null. */
  column: number | null;
  /** The field path, such as `groups[1].members[0]`; "" for the whole document. */
  path: string;
  /** From `check` only: which input does not load, the scenario or `options.steps`. */
  file?: "scenario" | "steps";
}

// ---------------------------------------------------------------------------------------------
// Scenario input

export interface PrepaidUnits {
  enabled: number;
  warning: number;
  suspended: number;
  lockedOut: number;
}

export interface AssignedLicense {
  /** A skuId or skuPartNumber. */
  skuId: string;
  /** servicePlanIds or servicePlanNames. */
  disabledPlans?: string[];
}

export interface ServicePlanDefinition {
  servicePlanId: string;
  servicePlanName?: string;
  provisioningStatus?: string;
  appliesTo?: string;
}

export interface SubscribedSkuDefinition {
  skuId: string;
  skuPartNumber?: string;
  prepaidUnits?: Partial<PrepaidUnits>;
  /** Left out: the plans of Microsoft's catalog, found by skuPartNumber or skuId. */
  servicePlans?: ServicePlanDefinition[];
  appliesTo?: "User" | "Company";
  /** Seats held as Graph reported them; only in an observed scenario (`startingState`). */
  consumedUnits?: number;
}

/** One of a user's `licenseAssignmentStates` rows as Graph reported it (observed scenarios). */
export interface LicenseAssignmentStateDefinition {
  skuId: string;
  /** The group the row comes from; null or left out for the direct assignment. */
  assignedByGroup?: string | null;
  disabledPlans?: string[];
  state: LicenseState;
  /** "None" or null when the row has no error ("Others" is read as "Other"). */
  error?: LicenseError | "Others" | null;
  lastUpdatedDateTime?: string;
}

/** A user; any other Graph user property may appear, and membership rules can read it. */
export interface UserDefinition {
  id: string;
  usageLocation?: string | null;
  proxyAddresses?: string[];
  onPremisesExtensionAttributes?: Record<string, string | null>;
  /** Direct assignments; refused in an observed scenario, whose rows say what is direct. */
  assignedLicenses?: AssignedLicense[];
  /** The starting rows, as reported; only in an observed scenario (`startingState`). */
  licenseAssignmentStates?: LicenseAssignmentStateDefinition[];
  [property: string]: unknown;
}

export interface GroupDefinition {
  id: string;
  displayName?: string;
  description?: string;
  securityEnabled?: boolean;
  mailEnabled?: boolean;
  groupTypes?: string[];
  members?: string[];
  membershipRule?: string;
  membershipRuleProcessingState?: "On" | "Paused";
  assignedLicenses?: AssignedLicense[];
}

/** Every step may carry a note, shown in timelines. */
interface StepBase {
  note?: string;
}

/** One thing an administrator, directory sync or Microsoft does. */
export type Step = StepBase &
  (
    | {
        op: "assignLicense";
        user?: string;
        group?: string;
        addLicenses?: AssignedLicense[];
        removeLicenses?: string[];
      }
    | { op: "addMember" | "removeMember"; group: string; member: string }
    | { op: "createUser"; user: UserDefinition }
    | { op: "updateUser"; user: string; set: Record<string, unknown> }
    | { op: "deleteUser"; user: string }
    | { op: "createGroup"; group: GroupDefinition }
    | { op: "updateGroup"; group: string; set: Record<string, unknown> }
    | { op: "deleteGroup"; group: string }
    | { op: "addSubscribedSku"; sku: SubscribedSkuDefinition }
    | { op: "setPrepaidUnits"; sku: string; prepaidUnits: Partial<PrepaidUnits> }
    | { op: "addServicePlan"; sku: string; servicePlan: ServicePlanDefinition }
    | { op: "reprocess"; user?: string; group?: string }
  );

export type StepOp = Step["op"];

export interface Scenario {
  licenselab: 1;
  name?: string;
  description?: string;
  /** "observed": the starting tenant is the users' licenseAssignmentStates and the products'
   * consumedUnits as reported, not recomputed; what processing would change is `pending`. */
  startingState?: "computed" | "observed";
  options?: {
    seatOrder?: "joinOrder" | "userId";
    dependentRemoval?: "error" | "convertToDirect";
    legacyExchangeConflict?: boolean;
    swapFailure?: "loseOld" | "keepOld";
    nestedWhatIf?: boolean;
    communityDependencies?: boolean;
    evaluationTime?: string;
    /** Whether units in their grace period (`prepaidUnits.warning`) can be assigned; default true. */
    warningUnitsAssignable?: boolean;
  };
  organization?: { countryLetterCode?: string; defaultUsageLocation?: string | null };
  catalog?: {
    conflicts?: string[][];
    dependencies?: { plan: string; requiresAllOf?: string[]; requiresAnyOf?: string[] }[];
    prohibitedLocations?: { plan: string; countries: string[] }[];
  };
  subscribedSkus?: SubscribedSkuDefinition[];
  users?: UserDefinition[];
  groups?: GroupDefinition[];
  steps?: Step[];
  /** What must hold after a step or at the end (`check`; `run` ignores it). */
  expect?: Expectation[];
}

// ---------------------------------------------------------------------------------------------
// Expectations and check reports (`licenselab check`, docs/ci.md)

/** One expectation: after step `at` (an index), or at the end when `at` is absent. */
export type Expectation = { at?: number; note?: string } & (
  | { check: "holds"; user: string; skuId: string; holds?: boolean }
  | { check: "enabledPlans"; user: string; skuId: string; servicePlans: string[] }
  | {
      check: "row";
      user: string;
      skuId: string;
      assignedByGroup?: string | null;
      state: LicenseState;
      error?: LicenseError;
    }
  | { check: "consumedUnits"; skuId: string; consumedUnits: number }
  | { check: "groupMembers"; group: string; members: string[] }
  | { check: "groupErrors"; group: string; membersWithLicenseErrors: number }
  | { check: "noServiceGap" | "noLostService" | "noLostPlans" | "noNewErrors" }
);

/** A change to apply to a tenant (`check`'s `options.steps`, as text). */
export interface Changes {
  description?: string;
  steps?: Step[];
  expect?: Expectation[];
}

export type CheckPolicy = "service-gap" | "lost-service" | "lost-plans" | "new-errors" | "seat-shortfall";

export interface CheckOptions {
  /** A changes file's JSON text (`Changes`): its steps run after the scenario's. */
  steps?: string;
  /** Policies that fail the check, as `--deny` takes them. */
  deny?: CheckPolicy[];
  /** Exceptions, as `--allow` takes them: `user:ID`, `group:ID`, optionally after `POLICY=`. */
  allow?: string[];
}

/** The check report: `JSON.parse(check(...))`, the same as `licenselab check --format json`. */
export interface CheckReport {
  licenselab: 1;
  passed: boolean;
  steps: { index: number; op: StepOp; outcome: "applied" | "rejected"; note?: string; error?: string }[];
  failures: CheckFailure[];
  expectations: { name: string; check: Expectation["check"]; at?: number; passed: boolean }[];
  policies: { policy: CheckPolicy; failures: number; allowed: number }[];
  users: UserChanges[];
  seats: SeatChange[];
}

export interface CheckFailure {
  /** `expect[i]`, `changes.expect[i]` or a policy. */
  check: string;
  step?: number;
  user?: string;
  group?: string;
  skuId?: string;
  service?: string;
  message: string;
}

export interface UserChanges {
  user: string;
  gainedServices: string[];
  lostServices: string[];
  serviceGaps: { service: string; graphService?: string; lostAfter: number; backAfter: number }[];
  gainedPlans: string[];
  lostPlans: string[];
}

export interface SeatChange {
  skuId: string;
  skuPartNumber?: string;
  assignable: number;
  consumedBefore: number;
  consumedAfter: number;
  /** Users without a seat for want of one (CountViolation): the seats to buy. */
  shortfall: number;
}

// ---------------------------------------------------------------------------------------------
// Result document (the same bytes as `licenselab run`, parsed)

/** Service plans one user gained and lost in one product during one step. */
export interface PlanChange {
  user: string;
  skuId: string;
  gainedPlans: string[];
  lostPlans: string[];
}

export interface StepError {
  code: string;
  message: string;
}

/** What one step did: applied with its plan changes, or rejected (and nothing changed). */
export type StepResult =
  | { index: number; op: StepOp; outcome: "applied"; changes: PlanChange[] }
  | { index: number; op: StepOp; outcome: "rejected"; error: StepError };

export type LicenseState = "Active" | "ActiveWithError" | "Disabled" | "Error";

export type LicenseError =
  | "None"
  | "CountViolation"
  | "MutuallyExclusiveViolation"
  | "DependencyViolation"
  | "ProhibitedInUsageLocationViolation"
  | "UniquenessViolation"
  | "Other";

export interface LicenseAssignmentState {
  skuId: string;
  disabledPlans: string[];
  /** The group the path comes from; null for a direct assignment. */
  assignedByGroup: string | null;
  state: LicenseState;
  error: LicenseError;
}

export interface EnabledPlans {
  skuId: string;
  servicePlans: string[];
}

export interface SubscribedSkuResult {
  skuId: string;
  skuPartNumber: string | null;
  prepaidUnits: PrepaidUnits;
  consumedUnits: number;
}

export interface UserResult {
  id: string;
  usageLocation: string | null;
  assignedLicenses: { skuId: string; disabledPlans: string[] }[];
  licenseAssignmentStates: LicenseAssignmentState[];
  /** Present when the user has no usage location of their own: the one group licensing used. */
  effectiveUsageLocation?: string;
  enabledPlans: EnabledPlans[];
  /** Licensed groups that reach this user only through a nested group (they license nobody). */
  notLicensedThroughNesting?: string[];
}

export interface GroupResult {
  id: string;
  members: string[];
  licenseProcessingState: { state: "ProcessingComplete" } | null;
  hasMembersWithLicenseErrors: boolean;
  membersWithLicenseErrors: string[];
  /** With `options.nestedWhatIf`: users a flattened group would cover. */
  nestedWhatIf?: string[];
}

export interface AuditEntry {
  activity: string;
  target: string;
  result: string;
}

export interface ResultDocument {
  licenselab: 1;
  steps: StepResult[];
  final: {
    subscribedSkus: SubscribedSkuResult[];
    users: UserResult[];
    groups: GroupResult[];
    audit: AuditEntry[];
  };
  /** Work processing has yet to do in an observed scenario; left out when there is none. */
  pending?: PendingWork[];
}

export type PendingReason =
  | "noRow"
  | "notAMember"
  | "notAssigned"
  | "disabledPlansDiffer"
  | "errorWouldClear"
  | "consumedUnitsDiffer";

/** One item of pending work: a user's path, or (without user and group) a product's seat count. */
export interface PendingWork {
  user?: string;
  skuId: string;
  group?: string;
  reason: PendingReason;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Views of the tenant at a simulation's position

export interface ServicePlanView {
  servicePlanId: string;
  servicePlanName: string | null;
  /** Microsoft's friendly name when the plan is in its catalog, else the name or id. */
  displayName: string;
}

export interface ProductView {
  skuId: string;
  skuPartNumber: string | null;
  /** Microsoft's product name when the catalog knows it, else the part number or id. */
  displayName: string;
  appliesTo: "User" | "Company";
  prepaidUnits: PrepaidUnits;
  consumedUnits: number;
  /** Assignable units (enabled and warning) less consumed ones; below zero after a reduction. */
  availableUnits: number;
  servicePlans: ServicePlanView[];
}

export interface LicensePathView extends LicenseAssignmentState {
  /** Why the path failed, in words an administrator can act on; null when it did not fail. */
  reason: string | null;
}

export interface UserView {
  id: string;
  displayName: string;
  /** As stored: group licensing never writes it. */
  usageLocation: string | null;
  /** The location group licensing uses: the user's own, else the organization's. */
  effectiveUsageLocation: string | null;
  /** Groups the user is a direct member of, in the order they joined. */
  memberOf: string[];
  licenseAssignmentStates: LicensePathView[];
  enabledPlans: EnabledPlans[];
}

export interface GroupView {
  id: string;
  displayName: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  dynamic: boolean;
  membershipRule: string | null;
  /** "On" or "Paused" for a dynamic group; null for an assigned one. */
  membershipRuleProcessingState: "On" | "Paused" | null;
  /** Direct members (users and groups), dynamic rules evaluated. */
  members: string[];
  assignedLicenses: { skuId: string; disabledPlans: string[] }[];
  membersWithLicenseErrors: string[];
}

/** A membership a previewed step would add or remove. */
export interface Membership {
  group: string;
  user: string;
}

/**
 * What a step would do if it ran now: the step result it would have (its `index` is the
 * simulation's position), the memberships it would add and remove, and the products after it.
 */
export type Preview = StepResult & {
  joined: Membership[];
  left: Membership[];
  products: ProductView[];
};

// ---------------------------------------------------------------------------------------------
// Tenant import

/** One exported file for `importTenant`: its path as the user named it (a folder-relative path
 * such as `export/Users/<id>/<id>.json` lets EntraExporter's layout and a members file's group be
 * found) and its bytes, UTF-8 or UTF-16, with or without a byte-order mark. */
export interface ImportFile {
  path: string;
  bytes: Uint8Array;
}

/** Options of `run` and `Simulation.resultJson`. */
export interface RunOptions {
  /** JSON without indentation (`licenselab run --compact`): the same document, about two thirds of the bytes. */
  compact?: boolean;
}

export interface ImportTenantOptions {
  /** Replace names, user principal names, mail and proxy addresses (`--anonymize`). */
  anonymize?: boolean;
}

/** A group member the scenario leaves out. */
export interface SkippedMember {
  group: string;
  member: string;
  /** Why: "device", "servicePrincipal", "contact", "notExported" (in no users or groups export),
   * or the member's other `@odata.type` ("" when it had none). */
  reason: string;
  /** The file (and group) it was listed in. */
  place: string;
}

/** What an import read, skipped and could not map. */
export interface ImportReport {
  /** Files handed in. */
  files: number;
  /** Objects read, each counted once however many files listed it. */
  read: { organizations: number; products: number; users: number; groups: number; memberships: number };
  skippedMembers: SkippedMember[];
  /** What the export lacks for licensing, with the files and how to export it. */
  missing: string[];
  /** What was read but has no place in the scenario. */
  notMapped: string[];
  /** Files of a known format that say nothing about licensing. */
  ignoredFiles: { path: string; reason: string }[];
  anonymized: boolean;
  /** The summary `licenselab import` prints on standard error (before "wrote FILE"). */
  text: string;
}

/** What `importTenant` returns: the observed scenario (the object `licenselab import -o` writes)
 * and its report. */
export interface ImportedTenant {
  scenario: Scenario;
  report: ImportReport;
}

/** Thrown by `importTenant` for a file it cannot use. `message` is the native command's
 * (`PATH: what is wrong and what to do`); `path` is the file. */
export interface ImportError extends Error {
  name: "ImportError";
  path: string;
}

// ---------------------------------------------------------------------------------------------
// Diff: `JSON.parse(diff(oldJson, newJson))`, the document `licenselab diff --format json`
// prints. Empty lists and absent values are left out; objects on one side only are compared
// with nothing.

export type DiffChange = "added" | "removed" | "changed";

export interface DiffCounts {
  added: number;
  removed: number;
  changed: number;
}

/** A product: `skuId`, `skuPartNumber` and the catalog's name. */
export interface DiffProductRef {
  skuId: string;
  skuPartNumber: string | null;
  displayName: string;
}

/** A service plan: `servicePlanId`, `servicePlanName` and the catalog's name. */
export interface DiffPlanRef {
  servicePlanId: string;
  servicePlanName: string | null;
  displayName: string;
}

export interface DiffGroupRef {
  id: string;
  displayName: string;
}

/** A product bought, given up or changed: its unit counts that differ (0 for a product on one
 * side only) and, for a product in both, the service plans added and removed. */
export interface DiffProduct extends DiffProductRef {
  change: DiffChange;
  units?: {
    field:
      | "prepaidUnits.enabled"
      | "prepaidUnits.warning"
      | "prepaidUnits.suspended"
      | "prepaidUnits.lockedOut"
      | "consumedUnits";
    before: number;
    after: number;
  }[];
  plansAdded?: DiffPlanRef[];
  plansRemoved?: DiffPlanRef[];
}

export interface DiffGroupLicense {
  product: DiffProductRef;
  disabledPlans: DiffPlanRef[];
}

export interface DiffMember {
  id: string;
  displayName: string;
  type: "user" | "group";
}

/** A group added, removed or changed; members are listed for groups that assign licenses in
 * either snapshot. */
export interface DiffGroup extends DiffGroupRef {
  change: DiffChange;
  /** The old name, when the group was renamed. */
  displayNameBefore?: string;
  membershipRule?: { before: string | null; after: string | null };
  licensesAdded?: DiffGroupLicense[];
  licensesRemoved?: DiffGroupLicense[];
  /** A product assigned in both, with other plans disabled. */
  licensesChanged?: {
    product: DiffProductRef;
    plansDisabled?: DiffPlanRef[];
    plansEnabled?: DiffPlanRef[];
  }[];
  membersJoined?: DiffMember[];
  membersLeft?: DiffMember[];
}

/** A license path: a product, direct (`assignedByGroup` null) or from a group. */
export interface DiffAssignment {
  product: DiffProductRef;
  assignedByGroup: DiffGroupRef | null;
}

export interface DiffAssignmentError extends DiffAssignment {
  state: LicenseState;
  error: LicenseError;
}

/** A user added, removed, or whose licensing changed. */
export interface DiffUser {
  id: string;
  displayName: string;
  userPrincipalName: string | null;
  change: DiffChange;
  usageLocation?: { before: string | null; after: string | null };
  /** Products the user holds a seat of now and did not before. */
  productsGained?: DiffProductRef[];
  productsLost?: DiffProductRef[];
  /** Plans enabled or no longer enabled in products held in both snapshots. */
  plansGained?: { product: DiffProductRef; plans: DiffPlanRef[] }[];
  plansLost?: { product: DiffProductRef; plans: DiffPlanRef[] }[];
  assignmentsAdded?: DiffAssignment[];
  assignmentsRemoved?: DiffAssignment[];
  errorsAppeared?: DiffAssignmentError[];
  errorsCleared?: DiffAssignmentError[];
}

/** What `diff` returns, parsed. */
export interface DiffDocument {
  licenselabDiff: 1;
  /** Whether anything is listed (`licenselab diff --exit-code` exits 1 when it is). */
  changed: boolean;
  summary: { products: DiffCounts; groups: DiffCounts; users: DiffCounts };
  products: DiffProduct[];
  groups: DiffGroup[];
  users: DiffUser[];
}

/** Thrown by `diff` when a scenario cannot be loaded: a `LoadError` saying which. */
export interface DiffLoadError extends LoadError {
  document: "old" | "new";
}

// ---------------------------------------------------------------------------------------------
// Requests: `JSON.parse(requests(scenarioJson, "graph"))`, the document `licenselab requests
// PLAN --emit graph` writes (docs/requests.md). URLs are relative to `graph`.

/** What Graph must show before the next request is sent; `read` is the GET that shows it. */
export type RequestWait =
  | { until: "groupProcessed"; group: string; read: string }
  | { until: "userRows"; user: string; group: string; skuIds: string[]; present: boolean; read: string };

/** An expectation of the plan, ids resolved to GUIDs, with the GET (or list) it reads. */
export type RequestCheck =
  | { check: "holds"; user: string; skuId: string; holds: boolean; read: string }
  | { check: "enabledPlans"; user: string; skuId: string; servicePlans: string[]; productPlans: string[]; read: string }
  | { check: "row"; user: string; skuId: string; assignedByGroup?: string; state: string; error: string; read: string }
  | { check: "consumedUnits"; skuId: string; consumedUnits: number; read: string }
  | { check: "groupMembers"; group: string; members: string[]; read: string }
  | { check: "groupErrors"; group: string; membersWithLicenseErrors: number; read: string }
  /** About the whole run (noServiceGap, ...): `licenselab check` checks it, not the script. */
  | { check: "wholeRun"; kind: "noServiceGap" | "noLostService" | "noLostPlans" | "noNewErrors" };

interface RequestEntryBase {
  /** The plan's step (a group's reprocess is one request per user member). */
  step: number;
  /** The step's `op`. */
  op: Step["op"];
  note?: string;
  wait?: RequestWait[];
  /** The plan's expectations for this moment: `expect`, the index in its `expect` list, and
   * its `note` (the script names both in a failure). */
  checks?: (RequestCheck & { expect: number; note?: string })[];
}

/** One entry: a request to send, or what to do by hand. */
export type RequestEntry =
  | (RequestEntryBase & { method: "POST" | "PATCH" | "DELETE"; url: string; body?: Record<string, unknown> })
  | (RequestEntryBase & { byHand: string });

/** What `requests(scenarioJson, "graph")` returns, parsed. */
export interface RequestsDocument {
  graph: "https://graph.microsoft.com/v1.0";
  /** The permissions to connect with (the least the requests, waits and checks need). */
  scopes: string[];
  requests: RequestEntry[];
}

/** Thrown by `requests` when the plan loads but cannot be sent to Graph (a product without a
 * GUID, a step the simulation refuses, an expectation naming what does not exist). */
export interface RequestsError extends Error {
  name: "RequestsError";
  /** The field path, such as `steps[2].addLicenses[0].skuId` or `expect[1].user`. */
  path: string;
}

// Plan: `plan(tenantJson, targetJson)`, `licenselab plan` (docs/plan.md).

/** A step of a plan, in words. */
export interface PlanStep {
  index: number;
  op: string;
  note: string;
  /** On a temporary step (in neither the tenant nor the target): why the plan makes it. */
  temporary?: string;
  /** On a step that removes temporary steps: their indices. */
  undoes?: number[];
}

/** A service a user has today and in the target but not after `lostAfter` until `backAfter`. */
export interface PlanGap {
  user: string;
  service: string;
  lostAfter: number;
  /** `null`: still missing at the end. */
  backAfter: number | null;
}

/** What `licenselab plan --format json` prints, parsed. */
export interface PlanReport {
  noServiceGap: boolean;
  reachesTarget: boolean;
  seatsToBuy: { skuId: string; skuPartNumber?: string; buy: number; givenBack: number }[];
  steps: PlanStep[];
  gaps: PlanGap[];
  errorsOnTheWay: {
    user: string;
    skuId: string;
    group: string | null;
    error: string;
    fromStep: number;
    untilStep: number | null;
  }[];
  notReached: string[];
  /** Of `notReached`, the users left in the target's own errors (docs/plan.md): no order settles them. */
  targetInError: string[];
  refused: { op: string; note: string; message: string }[];
  naive: {
    steps: PlanStep[];
    gaps: PlanGap[];
    refused: { op: string; note: string; message: string }[];
    reachesTarget: boolean;
  };
  search: {
    changes: number;
    orders: {
      name: string;
      steps: number;
      usersWithGaps: number;
      usersWithErrors: number;
      seatsHeldTwice: number;
      /** Temporary assignments the order makes (each undone by a later step). */
      temporarySteps: number;
      refused: number;
      reachesTarget: boolean;
      /** Users not reached only because they are left in the target's own errors. */
      targetInError: number;
    }[];
    chosen: string;
  };
}

/** What `plan` returns. */
export interface Plan {
  /** The plan scenario: the bytes `licenselab plan -o PLAN.json` writes. */
  scenario: string;
  /** The obvious order (removals first) as a scenario. */
  naive: string;
  /** The summary `licenselab plan` prints. */
  summary: string;
  report: PlanReport;
}

/** Thrown by `plan` when a scenario cannot be parsed: a `LoadError` saying which. */
export interface PlanLoadError extends LoadError {
  document: "tenant" | "target";
}
