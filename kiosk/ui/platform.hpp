#pragma once
// The window, the GL context and the event pump that feeds Dear ImGui 1.86.
#include <SDL.h>
#include <deque>
#include <string>
#include <vector>

struct ImFont;
namespace devices {
struct RgbImage;
}

namespace kiosk::ui {

/// Fonts at the sizes the kiosk uses, built once for the window's scale.
struct Fonts {
    ImFont* body = nullptr;
    ImFont* large = nullptr;
    ImFont* title = nullptr;
    ImFont* number = nullptr; ///< digits only, very large: a queue number
};

struct WindowOptions {
    int width = 0, height = 0; ///< 0: full screen on the current display
    std::string title = "Kiosk dịch vụ công";
};

/// Owns SDL, the GL context and the ImGui context.
class Window {
public:
    /// Creates everything; throws std::runtime_error with SDL's message on failure.
    explicit Window(const WindowOptions& options);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    /// Loads Noto Sans (via fontconfig) with Vietnamese glyphs at sizes scaled to the window
    /// and grown by `text_scale`; replaces the fonts loaded before. Call between frames.
    Fonts load_fonts(float text_scale = 1.0f);

    /// UI scale relative to a 1080-pixel-high screen.
    float scale() const { return scale_; }
    int width() const { return width_; }
    int height() const { return height_; }

    void begin_frame(float delta_s);
    /// Renders and presents the frame; with a path, also saves it as PNG first and
    /// returns whether that worked.
    bool end_frame(const std::string& screenshot_path = {});

    /// Renders the frame without presenting it and returns its pixels as RGB rows, top row
    /// first (the layout check's pictures); sets `width` and `height`.
    std::vector<unsigned char> end_frame_offscreen(int& width, int& height);

private:
    bool save_back_buffer(const std::string& path);
    /// The back buffer's pixels as RGB rows, top row first; sets `width` and `height`.
    std::vector<unsigned char> read_back_buffer(int& width, int& height);
    /// Draws ImGui's frame into the back buffer.
    void render();
    /// Makes the texture of the built font atlas (replacing the one before) and gives its id
    /// to ImGui.
    void upload_font_atlas();

    SDL_Window* window_ = nullptr;
    SDL_GLContext gl_ = nullptr;
    int width_ = 0, height_ = 0;
    float scale_ = 1.0f;
    unsigned font_texture_ = 0;
    bool one_channel_fonts_ = false; ///< the driver can swizzle (GL 3.3, ARB_texture_swizzle)
    bool presented_ = false;
};

/// Sounds a short two-note chime on the default audio output (opened on first use, kept
/// open); false when the terminal has no sound.
bool play_chime();

/// An RGB picture on the GPU for ImGui::Image, replaced in place. UI thread only.
class Texture {
public:
    Texture() = default;
    ~Texture() { clear(); }
    Texture(const Texture&) = delete;
    Texture& operator=(const Texture&) = delete;

    /// Uploads `image`, replacing the picture shown.
    void upload(const devices::RgbImage& image);
    /// Overwrites the picture (it may show a citizen's document) and frees it.
    void clear();
    /// The id ImGui::Image takes; null when nothing is uploaded.
    void* id() const;
    int width() const { return width_; }
    int height() const { return height_; }

private:
    unsigned texture_ = 0;
    int width_ = 0, height_ = 0;
};

/// Turns SDL events into ImGui input one frame at a time. ImGui 1.86 has no input queue:
/// a press and release in the same frame would be lost, so a second button transition is
/// held back for the next frame ("trickling"), which keeps fast touch taps working.
class InputPump {
public:
    InputPump();
    /// Queues an event; returns false for events the pump does not use.
    bool push(const SDL_Event& event);
    /// Applies queued input to ImGui for this frame; returns true if input remains queued.
    bool apply_to_imgui();
    bool pending() const { return !queue_.empty(); }

private:
    std::deque<SDL_Event> queue_;
};

} // namespace kiosk::ui
