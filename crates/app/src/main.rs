fn main() {
    licenselab_app::mount();
}
