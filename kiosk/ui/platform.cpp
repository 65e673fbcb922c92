#include "platform.hpp"

#include "devices/images.hpp"
#include "startup_pages.hpp"

#include <algorithm>
#include <backends/imgui_impl_opengl3.h>
#include <cmath>
#include <cstdint>
#include <imgui.h>
#include <malloc.h>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

extern "C" int stbi_write_png(const char* filename, int w, int h, int comp, const void* data,
                              int stride_in_bytes);

#include <SDL_opengl.h>

namespace kiosk::ui {

namespace {

// A new texture, bound, sampled with linear filtering (fonts and pictures alike).
unsigned new_linear_texture() {
    GLuint name = 0;
    glGenTextures(1, &name);
    glBindTexture(GL_TEXTURE_2D, name);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    return name;
}

int imgui_key_index(SDL_Scancode sc) {
    return static_cast<int>(sc) < 512 ? static_cast<int>(sc) : 0;
}

} // namespace

Window::Window(const WindowOptions& options) {
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
    // Lockdown: SIGTERM and SIGINT are the service's to handle (main), not a window close;
    // the full-screen window keeps the keyboard (no Alt+Tab away) and never minimises.
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    const bool full_screen = options.width <= 0 || options.height <= 0;
    if (full_screen) SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0)
        throw std::runtime_error(std::string("SDL_Init: ") + SDL_GetError());
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    // 2D drawing only: no depth buffer (a screen-sized one is 2-4 MB with a software renderer).
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_SHOWN;
    int w = options.width, h = options.height;
    if (w <= 0 || h <= 0) {
        SDL_DisplayMode mode;
        SDL_GetCurrentDisplayMode(0, &mode);
        w = mode.w;
        h = mode.h;
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
    window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED,
                               SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!window_) throw std::runtime_error(std::string("SDL_CreateWindow: ") + SDL_GetError());
    if (full_screen) {
        SDL_SetWindowGrab(window_, SDL_TRUE);
        SDL_DisableScreenSaver();
    }
    gl_ = SDL_GL_CreateContext(window_);
    if (!gl_) throw std::runtime_error(std::string("OpenGL context: ") + SDL_GetError());
    SDL_GL_MakeCurrent(window_, gl_);
    SDL_GL_SetSwapInterval(1);
    SDL_GetWindowSize(window_, &width_, &height_);
    // Designed for 1080 pixels on the short side: a portrait 1080x1920 screen draws at the
    // same size as a landscape 1920x1080 one, with the height for longer lists.
    scale_ = std::max(0.5f, static_cast<float>(std::min(width_, height_)) / 1080.0f);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // nothing about a session may be written to disk
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
    const std::pair<int, SDL_Scancode> keys[] = {{ImGuiKey_Tab, SDL_SCANCODE_TAB},
                                                 {ImGuiKey_LeftArrow, SDL_SCANCODE_LEFT},
                                                 {ImGuiKey_RightArrow, SDL_SCANCODE_RIGHT},
                                                 {ImGuiKey_UpArrow, SDL_SCANCODE_UP},
                                                 {ImGuiKey_DownArrow, SDL_SCANCODE_DOWN},
                                                 {ImGuiKey_Home, SDL_SCANCODE_HOME},
                                                 {ImGuiKey_End, SDL_SCANCODE_END},
                                                 {ImGuiKey_Delete, SDL_SCANCODE_DELETE},
                                                 {ImGuiKey_Backspace, SDL_SCANCODE_BACKSPACE},
                                                 {ImGuiKey_Enter, SDL_SCANCODE_RETURN},
                                                 {ImGuiKey_Escape, SDL_SCANCODE_ESCAPE},
                                                 {ImGuiKey_A, SDL_SCANCODE_A}};
    for (const auto& [imgui_key, sc] : keys)
        io.KeyMap[imgui_key] = imgui_key_index(sc);
    ImGui_ImplOpenGL3_Init("#version 130");
    // The font atlas is coverage only: with a swizzle it can be one byte a texel and still
    // sample as white with that alpha, as ImGui's shader expects (a quarter of the RGBA size).
    GLint major = 0, minor = 0;
    glGetIntegerv(GL_MAJOR_VERSION, &major);
    glGetIntegerv(GL_MINOR_VERSION, &minor);
    one_channel_fonts_ = major > 3 || (major == 3 && minor >= 3) ||
                         SDL_GL_ExtensionSupported("GL_ARB_texture_swizzle") == SDL_TRUE;
    SDL_StartTextInput();
}

Window::~Window() {
    if (font_texture_ != 0) {
        GLuint name = font_texture_;
        glDeleteTextures(1, &name);
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(gl_);
    SDL_DestroyWindow(window_);
    SDL_Quit();
}

Fonts Window::load_fonts(float text_scale) {
    ImGuiIO& io = ImGui::GetIO();
    if (font_texture_ == 0) {
        // The backend's shaders and buffers, made while the atlas is still empty: the RGBA
        // texture it insists on is then ImGui's small default font, dropped at once for ours.
        ImGui_ImplOpenGL3_CreateDeviceObjects();
        ImGui_ImplOpenGL3_DestroyFontsTexture();
    }
    // One size set at a time keeps the atlas small and start-up fast; a text-size change
    // rebuilds it (a fraction of a second, once per visit at most).
    io.Fonts->Clear();
    // The glyphs fill about half of a power-of-two height: the rest would be texture memory
    // holding nothing.
    io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    const std::string regular = devices::find_font_file("Noto Sans:style=Regular");
    const std::string bold = devices::find_font_file("Noto Sans:style=Bold");
    // Vietnamese, and the punctuation its texts use: dashes, curly quotes (a field's name in
    // an error message), the ellipsis of a shortened label, bullets.
    static const ImVector<ImWchar> ranges_built = [&] {
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(io.Fonts->GetGlyphRangesVietnamese());
        static const ImWchar punctuation[] = {0x2010, 0x2027, 0};
        builder.AddRanges(punctuation);
        ImVector<ImWchar> out;
        builder.BuildRanges(&out);
        return out;
    }();
    const ImWchar* ranges = ranges_built.Data;
    Fonts fonts;
    // Oversampling keeps glyphs placed between pixels sharp, which shows on body text; at
    // heading sizes a half-pixel shift is invisible, and those glyphs were half the atlas.
    ImFontConfig body_cfg, heading_cfg;
    body_cfg.OversampleH = 2;
    heading_cfg.OversampleH = 1;
    const auto add = [&](const std::string& file, float px, ImFontConfig& cfg) -> ImFont* {
        if (file.empty()) return io.Fonts->AddFontDefault();
        return io.Fonts->AddFontFromFileTTF(file.c_str(), px * scale_ * text_scale, &cfg, ranges);
    };
    fonts.body = add(regular, 34.0f, body_cfg);
    fonts.large = add(bold, 44.0f, heading_cfg);
    fonts.title = add(bold, 60.0f, heading_cfg);
    // Queue numbers: digits only, so the size costs little of the atlas.
    static const ImWchar digits[] = {0x0030, 0x0039, 0};
    fonts.number = bold.empty()
                       ? fonts.title
                       : io.Fonts->AddFontFromFileTTF(bold.c_str(), 220.0f * scale_ * text_scale,
                                                      &heading_cfg, digits);
    if (!fonts.body || !fonts.large || !fonts.title || !fonts.number)
        throw std::runtime_error("cannot load the Noto Sans font (package fonts-noto-core)");
    io.FontDefault = fonts.body;
    // The texture is made here, not at the first frame, so that what built it can go: the
    // atlas's pixels in CPU memory and the three TTF files. Drawing needs only the texture;
    // a text-size change reads the files again.
    upload_font_atlas();
    io.Fonts->ClearInputData();
    io.Fonts->ClearTexData();
    return fonts;
}

void Window::upload_font_atlas() {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    if (one_channel_fonts_)
        atlas.GetTexDataAsAlpha8(&pixels, &w, &h);
    else
        atlas.GetTexDataAsRGBA32(&pixels, &w, &h);
    GLint last_texture = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_texture);
    if (font_texture_ != 0) {
        GLuint old = font_texture_;
        glDeleteTextures(1, &old);
    }
    font_texture_ = new_linear_texture();
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0); // SDL may leave it set
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    if (one_channel_fonts_) {
        const GLint white_with_coverage[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
        glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, white_with_coverage);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    } else {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    }
    atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(font_texture_)));
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last_texture));
}

void Window::begin_frame(float delta_s) {
    ImGuiIO& io = ImGui::GetIO();
    int w = 0, h = 0, dw = 0, dh = 0;
    SDL_GetWindowSize(window_, &w, &h);
    SDL_GL_GetDrawableSize(window_, &dw, &dh);
    io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
    if (w > 0 && h > 0)
        io.DisplayFramebufferScale = ImVec2(static_cast<float>(dw) / static_cast<float>(w),
                                            static_cast<float>(dh) / static_cast<float>(h));
    io.DeltaTime = delta_s > 0 ? delta_s : 1.0f / 60.0f;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
}

void Window::render() {
    ImGui::Render();
    const ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    glClearColor(0.96f, 0.96f, 0.94f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

bool Window::end_frame(const std::string& screenshot_path) {
    render();
    const bool saved = screenshot_path.empty() || save_back_buffer(screenshot_path);
    SDL_GL_SwapWindow(window_);
    // Start-up's one-off work leaves pages nothing reads again: free ones inside the heap
    // (building the atlas, compiling the shaders at the first draw), which glibc keeps
    // unless asked, and the libraries' relocation tables (10 MB, most of them Mesa's).
    if (!presented_) {
        malloc_trim(0);
        release_relocation_tables();
    }
    presented_ = true;
    return saved;
}

std::vector<unsigned char> Window::end_frame_offscreen(int& width, int& height) {
    render();
    return read_back_buffer(width, height);
}

std::vector<unsigned char> Window::read_back_buffer(int& width, int& height) {
    SDL_GL_GetDrawableSize(window_, &width, &height);
    const auto row = static_cast<std::size_t>(width) * 3;
    std::vector<unsigned char> bottom_up(row * static_cast<std::size_t>(height));
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, bottom_up.data());
    // GL's rows go bottom up.
    std::vector<unsigned char> pixels(bottom_up.size());
    for (std::size_t y = 0; y < static_cast<std::size_t>(height); ++y)
        std::copy_n(bottom_up.data() + (static_cast<std::size_t>(height) - 1 - y) * row, row,
                    pixels.data() + y * row);
    return pixels;
}

bool Window::save_back_buffer(const std::string& path) {
    int w = 0, h = 0;
    const auto pixels = read_back_buffer(w, h);
    return stbi_write_png(path.c_str(), w, h, 3, pixels.data(), w * 3) != 0;
}

void Texture::upload(const devices::RgbImage& image) {
    if (image.width <= 0 || image.height <= 0) return;
    if (texture_ == 0) {
        texture_ = new_linear_texture();
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
    glBindTexture(GL_TEXTURE_2D, texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1); // RGB rows are not 4-byte aligned
    if (image.width == width_ && image.height == height_)
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RGB, GL_UNSIGNED_BYTE,
                        image.pixels.data());
    else
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB, image.width, image.height, 0, GL_RGB,
                     GL_UNSIGNED_BYTE, image.pixels.data());
    width_ = image.width;
    height_ = image.height;
}

void Texture::clear() {
    if (texture_ == 0) return;
    // Freed GPU memory is handed out again unwiped: blank the picture first.
    const std::vector<unsigned char> black(static_cast<std::size_t>(width_) * height_ * 3, 0);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RGB, GL_UNSIGNED_BYTE,
                    black.data());
    GLuint name = texture_;
    glDeleteTextures(1, &name);
    texture_ = 0;
    width_ = height_ = 0;
}

void* Texture::id() const {
    return texture_ == 0 ? nullptr : reinterpret_cast<void*>(static_cast<std::uintptr_t>(texture_));
}

InputPump::InputPump() = default;

bool InputPump::push(const SDL_Event& e) {
    switch (e.type) {
    case SDL_MOUSEMOTION:
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
    case SDL_MOUSEWHEEL:
    case SDL_TEXTINPUT:
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        queue_.push_back(e);
        return true;
    default:
        return false;
    }
}

bool InputPump::apply_to_imgui() {
    ImGuiIO& io = ImGui::GetIO();
    bool button_changed = false;
    bool key_changed[512] = {};
    bool any_key_changed = false;
    while (!queue_.empty()) {
        const SDL_Event& e = queue_.front();
        if (e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP) {
            // The second transition in one frame waits for the next frame.
            if (button_changed) break;
            if (e.button.button == SDL_BUTTON_LEFT) {
                io.MouseDown[0] = e.type == SDL_MOUSEBUTTONDOWN;
                io.MousePos =
                    ImVec2(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
                button_changed = true;
            }
        } else if (e.type == SDL_KEYDOWN || e.type == SDL_KEYUP) {
            const int k = imgui_key_index(e.key.keysym.scancode);
            if (key_changed[k]) break;
            key_changed[k] = true;
            any_key_changed = true;
            io.KeysDown[k] = e.type == SDL_KEYDOWN;
            const auto mod = SDL_GetModState();
            io.KeyShift = (mod & KMOD_SHIFT) != 0;
            io.KeyCtrl = (mod & KMOD_CTRL) != 0;
        } else if (e.type == SDL_MOUSEMOTION) {
            io.MousePos = ImVec2(static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
        } else if (e.type == SDL_MOUSEWHEEL) {
            io.MouseWheel += static_cast<float>(e.wheel.y);
        } else if (e.type == SDL_TEXTINPUT) {
            // A text field takes typed characters before keys within a frame: text that
            // follows a backspace waits, or the backspace would erase it.
            if (any_key_changed) break;
            io.AddInputCharactersUTF8(e.text.text);
        }
        queue_.pop_front();
    }
    return !queue_.empty();
}

bool play_chime() {
    static std::mutex mutex;
    static SDL_AudioDeviceID device = 0;
    static bool unavailable = false;
    std::lock_guard lock(mutex);
    constexpr int kRate = 22050;
    if (!device && !unavailable) {
        SDL_AudioSpec wanted{};
        wanted.freq = kRate;
        wanted.format = AUDIO_S16SYS;
        wanted.channels = 1;
        wanted.samples = 1024;
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) == 0)
            device = SDL_OpenAudioDevice(nullptr, 0, &wanted, nullptr, 0);
        unavailable = device == 0;
    }
    if (!device) return false;
    // Two notes, high then low, each fading out: heard across the office, not alarming.
    std::vector<std::int16_t> samples;
    for (const auto& [hz, seconds] : {std::pair{880.0, 0.25}, std::pair{660.0, 0.4}}) {
        const int n = static_cast<int>(seconds * kRate);
        for (int i = 0; i < n; ++i) {
            const double fade = 1.0 - static_cast<double>(i) / n;
            samples.push_back(static_cast<std::int16_t>(
                9000.0 * fade * std::sin(2 * 3.14159265358979 * hz * i / kRate)));
        }
    }
    SDL_ClearQueuedAudio(device);
    SDL_QueueAudio(device, samples.data(),
                   static_cast<Uint32>(samples.size() * sizeof(samples[0])));
    SDL_PauseAudioDevice(device, 0);
    return true;
}

} // namespace kiosk::ui
