#pragma once
// What the window asks of its workers, as an interface: the kiosk's Services run it on threads
// with real devices; unit tests drive the Flow with a recording twin and their own clock.
#include "service_types.hpp"

#include <chrono>
#include <string>

namespace kiosk::ui {

class ServicesApi {
public:
    virtual ~ServicesApi() = default;

    /// Queues a submission for sealing and durable storage; Saved or SaveFailed follows.
    virtual void submit(SubmitJob job) = 0;
    /// Prints a receipt or slip on the configured printer; Printed follows.
    virtual void print(PrintJob job) = 0;
    /// Looks a receipt number up; StatusLooked follows.
    virtual void look_up(LookupJob job) = 0;
    /// Checks a staff PIN; PinChecked follows.
    virtual void check_pin(PinJob job) = 0;
    /// Lists the outbox for staff, after a requeue or review if asked; QueueListed follows.
    virtual void list_queue(QueueJob job) = 0;
    /// Encodes a document photo; PhotoTaken follows.
    virtual void take_photo(PhotoJob job) = 0;
    /// Runs a technician action; TechnicianDone follows.
    virtual void technician(TechnicianJob job) = 0;
    /// Reads the staff accounts again; StaffListed follows.
    virtual void list_staff() = 0;
    /// Takes, calls or counts queue numbers; TicketTaken, TicketCalled or TicketsCounted
    /// follows.
    virtual void tickets(TicketJob job) = 0;
    /// Queues a satisfaction rating for delivery; RatingSaved follows.
    virtual void rate(RatingJob job) = 0;
    /// Reads `text` aloud in the voice of `lang`, cutting off whatever was being read.
    virtual void speak(std::string text, forms::Lang lang) = 0;
    /// Sounds the chime that calls staff to the terminal ("Nhờ cán bộ giúp").
    virtual void chime() = 0;
    /// Stops reading aloud (the visit ended).
    virtual void stop_speaking() = 0;
    /// Sets the speech rate (words per minute) and volume (0..200, 100 normal).
    virtual void set_speech(int words_per_minute, int volume) = 0;

    /// The configuration in use, as the file would show it (it holds no secrets).
    virtual std::string config_text() const = 0;
    virtual std::string terminal_id() const = 0;
    /// The configuration in use: what receipts name (the office, the unit, the fee account).
    virtual const TerminalConfig& terminal_config() const = 0;
    /// True when read-aloud is configured and works.
    virtual bool can_speak() const = 0;
    /// True when the config names a receipt printer.
    virtual bool has_printer() const = 0;
    /// True when the terminal has a camera, and when it delivers pictures now.
    virtual bool has_camera() const = 0;
    virtual bool camera_ready() const = 0;
    /// True while the portal answered the last request; false until the first contact.
    virtual bool online() const = 0;
    virtual bool contacted() const = 0;

    /// The clocks the flow reads: steady time for idle and print delays, Unix seconds for
    /// what is recorded.
    virtual std::chrono::steady_clock::time_point steady_now() const {
        return std::chrono::steady_clock::now();
    }
    virtual std::int64_t unix_now() const { return ksync::unix_now(); }
};

} // namespace kiosk::ui
