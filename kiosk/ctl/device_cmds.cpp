// kioskctl: devices — decoding QR images, rendering receipts and bank transfer codes.
#include "commands.hpp"
#include "common.hpp"
#include "devices/images.hpp"
#include "devices/receipt.hpp"
#include "forms/text.hpp"
#include "kiosk/device_setup.hpp"
#include "kiosk/receipt.hpp"
#include "kiosk/vietqr.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>

namespace ctl {

int cmd_decode(const std::vector<std::string>& images) {
    int status = 0;
    for (const auto& path : images) {
        const auto bytes = kiosk::read_file(path);
        if (!bytes) {
            // A wrong path is bad input (exit 2), which outranks an image without a code.
            std::cerr << "cannot read " << path << "\n";
            status = kBadInput;
            continue;
        }
        std::string error;
        const auto image = devices::decode_gray_image(*bytes, path, error);
        if (!image) {
            std::cerr << error << "\n";
            status = std::max(status, kFailed);
            continue;
        }
        // Every code of a slip (a receipt has the lookup code and may have a bank transfer
        // code); a photo gets the fast read first, then the slow, thorough pass.
        auto texts = devices::decode_all_qr(*image);
        if (texts.empty())
            if (auto text = devices::decode_qr(*image, {false, true}); text) texts.push_back(*text);
        if (texts.empty())
            if (auto text = devices::decode_qr(*image, {true, true}); text) texts.push_back(*text);
        if (!texts.empty()) {
            for (const auto& text : texts)
                std::cout << text << "\n";
        } else {
            std::cerr << path << ": no QR code found\n";
            status = std::max(status, kFailed);
        }
    }
    return status;
}

namespace {

// The raster for submission `id` from the queue, or the sample receipt when `id` is empty.
std::optional<std::vector<devices::ReceiptBlock>> receipt_blocks_for(const Context& ctx,
                                                                     const std::string& id) {
    kiosk::ReceiptFacts facts = kiosk::sample_receipt_facts();
    if (!id.empty()) {
        ksync::Outbox outbox(ctx.paths.outbox());
        const auto entry = outbox.get(id);
        if (!entry) {
            std::cerr << "no submission " << id << " in the queue\n";
            return std::nullopt;
        }
        const auto catalog = load_catalog(ctx);
        // The commune's name heads the receipt; without the units file, its code does.
        std::string error;
        const auto units = forms::AdminUnits::load(ctx.paths.units_file(), error);
        facts = kiosk::receipt_facts(*entry, catalog.find(entry->procedure_code), ctx.config,
                                     &catalog.calendar, units ? &*units : nullptr);
    }
    return kiosk::receipt_blocks(facts);
}

} // namespace

int cmd_receipt_print(const Context& ctx, const std::string& id) {
    const auto printer = kiosk::open_printer(ctx.config.devices);
    if (!printer) {
        std::cerr << "no receipt printer configured ([devices] printer)\n";
        return kFailed;
    }
    const auto blocks = receipt_blocks_for(ctx, id);
    if (!blocks) return kBadInput;
    const auto& d = ctx.config.devices;
    const auto result = printer->print(devices::escpos_job(
        *blocks, d.printer_width_dots, devices::ReceiptFonts::installed(), d.printer_native_qr));
    if (result != devices::PrinterStatus::ready) {
        std::cerr << printer->name() << ": not printed: "
                  << (result == devices::PrinterStatus::paper_out ? "out of paper" : "offline")
                  << "\n";
        return kFailed;
    }
    std::cout << "printed on " << printer->name() << "\n";
    return 0;
}

int cmd_receipt_render(const Context& ctx, const std::string& id, int width, const std::string& out,
                       const std::string& escpos_out) {
    if (width != 576 && width != 384) {
        std::cerr << "--width must be 576 (80 mm) or 384 (58 mm)\n";
        return kBadInput;
    }
    const auto blocks = receipt_blocks_for(ctx, id);
    if (!blocks) return kBadInput;
    const auto fonts = devices::ReceiptFonts::installed();
    if (!out.empty() &&
        !devices::write_png(devices::render_receipt(*blocks, width, fonts).to_gray(), out)) {
        std::cerr << "cannot write " << out << "\n";
        return kFailed;
    }
    if (!escpos_out.empty()) {
        std::ofstream printer(escpos_out, std::ios::binary);
        printer << devices::escpos_job(*blocks, width, fonts, ctx.config.devices.printer_native_qr);
        if (!printer) {
            std::cerr << "cannot write " << escpos_out << "\n";
            return kFailed;
        }
    }
    return 0;
}

int cmd_payment_qr(const Context& ctx, std::int64_t amount_vnd, const std::string& note) {
    const auto& account = ctx.config.payment;
    if (account.bank_bin.empty()) {
        std::cerr << "Chưa cấu hình tài khoản nhận lệ phí ([payment] bank_bin, account_no) / no "
                     "account for fees is configured ([payment] bank_bin, account_no)\n";
        return kBadInput;
    }
    if (const auto problem = kiosk::bank_account_problem(account); !problem.empty()) {
        std::cerr << "[payment] " << problem << "\n";
        return kBadInput;
    }
    // Accents go (bank notes are ASCII), but nothing is cut off silently.
    const auto plain = kiosk::transfer_note(note);
    if (forms::strip_marks(note).size() > kiosk::kMaxTransferNote) {
        std::cerr << "Nội dung chuyển khoản tối đa 25 ký tự / the transfer note must be at most 25 "
                     "characters\n";
        return kBadInput;
    }
    std::cout << kiosk::vietqr_payload(account, amount_vnd, plain) << "\n";
    return 0;
}

} // namespace ctl
