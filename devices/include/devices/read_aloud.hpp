#pragma once
// Read-aloud in Vietnamese with espeak-ng, on its own thread so the UI never waits, and
// interruptible: a new text or stop() cuts the current one off within one audio buffer.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace devices {

struct ReadAloudOptions {
    std::string voice = "vi";
    int words_per_minute = 140; ///< a little slower than espeak's default, for elderly listeners
    /// Receives the audio instead of the sound card (tests); empty: play it.
    std::function<void(const short* samples, int count)> sink;
};

class ReadAloud {
public:
    explicit ReadAloud(ReadAloudOptions options);
    ~ReadAloud();
    ReadAloud(const ReadAloud&) = delete;
    ReadAloud& operator=(const ReadAloud&) = delete;

    /// False when espeak-ng or its voice could not be loaded (then say() does nothing).
    bool available() const { return available_; }
    /// Speaks `text` (UTF-8) with an espeak-ng voice ("vi", "en"; empty: the options'
    /// voice), interrupting whatever is being said.
    void say(std::string text, std::string voice = {});
    /// Stops speaking now.
    void stop();
    /// Sets the rate (words per minute) and volume (0..200, 100 normal) of what is said
    /// next (the keypad's speed and volume keys).
    void set_rate_and_volume(int words_per_minute, int volume) {
        words_per_minute_ = words_per_minute;
        volume_ = volume;
    }
    /// True from say() until the text has been spoken or interrupted.
    bool speaking() const { return speaking_; }

private:
    void run();

    ReadAloudOptions options_;
    std::atomic<bool> available_{false};
    std::atomic<bool> speaking_{false};
    std::atomic<int> words_per_minute_{0}; ///< 0 until set: the options' rate
    std::atomic<int> volume_{100};
    std::atomic<unsigned> generation_{0}; ///< bumped by say()/stop() to cut speech off
    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<std::string> next_;
    std::string next_voice_;
    bool stopping_ = false;
    bool ready_ = false;
    std::thread thread_;
};

} // namespace devices
