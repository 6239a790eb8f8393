//! How big a scenario may be. Each limit is far above real tenants (Entra's largest supported
//! groups are about 100,000 members) and exists so that no input can exhaust memory or time
//! before the engine says what is wrong.

/// Scenario text, in bytes (a 100,000-user tenant is about 35 MB).
pub const MAX_SCENARIO_BYTES: usize = 512 * 1024 * 1024;
pub const MAX_USERS: usize = 1_000_000;
pub const MAX_GROUPS: usize = 200_000;
pub const MAX_PRODUCTS: usize = 5_000;
pub const MAX_STEPS: usize = 1_000_000;
/// Members listed in one group.
pub const MAX_MEMBERS_PER_GROUP: usize = 1_000_000;
/// Characters in an id (Graph ids are 36-character GUIDs; names used as ids stay short).
pub const MAX_ID_CHARS: usize = 256;
/// How deeply JSON may nest (serde_json's own limit; a scenario needs about 8).
pub const MAX_JSON_DEPTH: usize = 128;
