fn main() {
    yew::Renderer::<licenselab_app::App>::new().render();
}
