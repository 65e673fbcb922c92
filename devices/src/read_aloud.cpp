#include "devices/read_aloud.hpp"

#include <algorithm>
#include <espeak-ng/speak_lib.h>

namespace devices {

namespace {

// espeak-ng is one engine per process, driven from our thread only; its callback has no
// context pointer, so the speaking instance is kept here.
struct Speaking {
    ReadAloudOptions* options = nullptr;
    const std::atomic<unsigned>* generation = nullptr;
    unsigned started = 0;
};
Speaking current;

int on_audio(short* samples, int count, espeak_EVENT*) {
    if (current.generation && current.generation->load() != current.started) return 1; // cut off
    if (samples && count > 0 && current.options && current.options->sink)
        current.options->sink(samples, count);
    return 0;
}

} // namespace

ReadAloud::ReadAloud(ReadAloudOptions options) : options_(std::move(options)) {
    thread_ = std::thread([this] { run(); });
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return ready_; });
}

ReadAloud::~ReadAloud() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        ++generation_;
    }
    wake_.notify_all();
    thread_.join();
}

void ReadAloud::say(std::string text, std::string voice) {
    {
        std::lock_guard lock(mutex_);
        next_ = std::move(text);
        next_voice_ = voice.empty() ? options_.voice : std::move(voice);
        ++generation_;
        speaking_ = true;
    }
    wake_.notify_all();
}

void ReadAloud::stop() {
    std::lock_guard lock(mutex_);
    next_.reset();
    ++generation_;
    speaking_ = false;
}

void ReadAloud::run() {
    const auto output = options_.sink ? AUDIO_OUTPUT_SYNCHRONOUS : AUDIO_OUTPUT_SYNCH_PLAYBACK;
    const bool loaded = espeak_Initialize(output, 100, nullptr, 0) > 0 &&
                        espeak_SetVoiceByName(options_.voice.c_str()) == EE_OK;
    if (loaded) {
        espeak_SetSynthCallback(on_audio);
        espeak_SetParameter(espeakRATE, options_.words_per_minute, 0);
    }
    {
        std::lock_guard lock(mutex_);
        available_ = loaded;
        ready_ = true;
    }
    wake_.notify_all();
    std::string voice = options_.voice;
    for (;;) {
        std::string text;
        unsigned generation = 0;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || next_.has_value(); });
            if (stopping_) break;
            text = std::move(*next_);
            next_.reset();
            generation = generation_;
            if (next_voice_ != voice && loaded &&
                espeak_SetVoiceByName(next_voice_.c_str()) == EE_OK)
                voice = next_voice_;
        }
        if (loaded) {
            const int rate = words_per_minute_.load();
            espeak_SetParameter(espeakRATE, rate > 0 ? rate : options_.words_per_minute, 0);
            espeak_SetParameter(espeakVOLUME, volume_.load(), 0);
            current = {&options_, &generation_, generation};
            // Synchronous: returns when the text is spoken or on_audio cut it off.
            espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
                         nullptr, nullptr);
            current = {};
        }
        // What was read may be the citizen's own answers.
        std::fill(text.begin(), text.end(), '\0');
        std::lock_guard lock(mutex_);
        if (generation_ == generation) speaking_ = false;
    }
    if (loaded) espeak_Terminate();
}

} // namespace devices
