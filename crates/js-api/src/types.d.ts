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
