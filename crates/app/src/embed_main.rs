//! The embed page's entry point: only the compact, read-only view, so the page loads less code.
fn main() {
    licenselab_app::mount_embed();
}
