// The hand-made ranking tables of the suggestion strip. The numbers are this project's own
// rough estimates, not counts from a corpus: they only have to put the likely syllable
// first among the few that share its letters ("Nguyễn" before "Nguyên", "Thị" before
// "Thì"). The place table is generated from data instead (vietnamese_place_weights.cpp).
#include "vietnamese_weights.hpp"

namespace kiosk::ranking {

namespace {

// Roughly: people in 10,000 whose full name holds the syllable, as a family name, a middle
// name or a given name (a syllable that is several of them counts once, with all its uses).
// clang-format off
constexpr Weight kNames[] = {
    // family names
    {"nguyễn", 3800}, {"trần", 1100}, {"lê", 950}, {"phạm", 710}, {"hoàng", 520},
    {"phan", 450}, {"vũ", 280}, {"võ", 260}, {"huỳnh", 230}, {"đặng", 210}, {"bùi", 200},
    {"đỗ", 140}, {"hồ", 130}, {"ngô", 130}, {"dương", 110}, {"đinh", 90}, {"trương", 90},
    {"đoàn", 70}, {"lý", 60}, {"trịnh", 60}, {"cao", 50}, {"lương", 50}, {"lưu", 40},
    {"tạ", 30}, {"tô", 30}, {"thái", 30}, {"vương", 25}, {"phùng", 25}, {"triệu", 25},
    {"kiều", 25}, {"quách", 20}, {"chu", 20}, {"nông", 20}, {"ninh", 20}, {"từ", 15},
    {"la", 15}, {"hứa", 15}, {"đàm", 15}, {"diệp", 15}, {"tôn", 12}, {"tăng", 12},
    {"lại", 12}, {"âu", 10}, {"mạc", 10}, {"lò", 10}, {"thân", 10}, {"giáp", 10},
    {"khúc", 8}, {"lục", 8}, {"doãn", 8}, {"lã", 8}, {"bạch", 8}, {"ông", 5}, {"khổng", 5},
    {"phí", 5}, {"cù", 5}, {"lạc", 5},
    // middle names
    {"thị", 2500}, {"văn", 2200}, {"anh", 650}, {"minh", 600}, {"ngọc", 550},
    {"thanh", 500}, {"hồng", 400}, {"đức", 350}, {"phương", 350}, {"xuân", 300},
    {"quang", 300}, {"tuấn", 300}, {"hải", 300}, {"đình", 280}, {"hữu", 250}, {"quốc", 250},
    {"thu", 250}, {"kim", 250}, {"bảo", 250}, {"công", 220}, {"duy", 220}, {"trung", 220},
    {"thế", 200}, {"thúy", 200}, {"gia", 180}, {"khánh", 180}, {"tiến", 160}, {"mạnh", 150},
    {"trọng", 150}, {"nhật", 150}, {"tấn", 130}, {"bích", 120}, {"mỹ", 120}, {"thùy", 120},
    {"như", 100}, {"hoài", 100}, {"thiên", 80}, {"diệu", 60}, {"cẩm", 50},
    // given names
    {"linh", 350}, {"hương", 300}, {"trang", 300}, {"hùng", 300}, {"nam", 300},
    {"hằng", 250}, {"lan", 250}, {"hoa", 250}, {"thảo", 250}, {"dũng", 250}, {"long", 250},
    {"sơn", 250}, {"huy", 250}, {"thành", 250}, {"nhung", 200}, {"dung", 200},
    {"huyền", 200}, {"cường", 200}, {"thắng", 200}, {"hưng", 200}, {"tâm", 200},
    {"thủy", 200}, {"an", 200}, {"hiếu", 150}, {"việt", 150}, {"quân", 150}, {"phúc", 150},
    {"vy", 150}, {"yến", 150}, {"nga", 150}, {"hạnh", 150}, {"vân", 150}, {"giang", 150},
    {"quỳnh", 150}, {"đạt", 150}, {"tùng", 150}, {"vinh", 150}, {"bình", 150},
    {"hiền", 150}, {"hòa", 150}, {"mai", 150}, {"khoa", 120}, {"lộc", 120}, {"loan", 120},
    {"nhi", 120}, {"ngân", 120}, {"thư", 120}, {"tú", 120}, {"phong", 120}, {"nghĩa", 120},
    {"toàn", 120}, {"chi", 120}, {"nguyên", 120}, {"trâm", 100}, {"uyên", 100},
    {"thịnh", 100}, {"quý", 100}, {"hậu", 100}, {"tài", 100}, {"trí", 100}, {"liên", 100},
    {"tuyết", 100}, {"tân", 100}, {"ly", 100}, {"my", 100}, {"trinh", 100}, {"ánh", 100},
    {"duyên", 100}, {"trường", 100}, {"lâm", 100}, {"hà", 120}, {"châu", 60},
    {"khang", 80}, {"kiên", 80}, {"lợi", 80}, {"phát", 80}, {"đông", 80}, {"lệ", 80},
    {"oanh", 80}, {"quyên", 80}, {"nguyệt", 80}, {"huệ", 80}, {"hân", 80}, {"tiên", 80},
    {"phú", 80}, {"khôi", 80}, {"nhân", 80}, {"chiến", 80}, {"thuận", 80}, {"thiện", 80},
    {"phước", 80}, {"đăng", 80}, {"phượng", 80}, {"thọ", 60}, {"thoa", 60}, {"nhàn", 60},
    {"sang", 60}, {"thơ", 60}, {"cúc", 60}, {"đào", 60}, {"thắm", 60}, {"hiệp", 60},
    {"quyết", 60}, {"tín", 60}, {"thông", 60}, {"hường", 60}, {"diễm", 60}, {"hảo", 50},
    {"ngà", 50}, {"tư", 50}, {"sỹ", 50}, {"luân", 50}, {"hào", 50}, {"cảnh", 50},
    {"khải", 50}, {"định", 50}, {"hoàn", 50}, {"trúc", 50}, {"kiệt", 50}, {"tuệ", 40},
    {"vượng", 40}, {"hoan", 40}, {"bắc", 40}, {"doanh", 40}, {"hiển", 40}, {"khiêm", 40},
    {"thạch", 40}, {"toản", 40}, {"tuân", 40}, {"lực", 40}, {"mến", 40}, {"tươi", 40},
    {"vi", 40}, {"bé", 40}, {"kỳ", 40}, {"quế", 40}, {"điệp", 40}, {"sinh", 40},
    {"thi", 40}, {"tình", 40}, {"trà", 40}, {"vĩ", 40}, {"trân", 40}, {"xuyến", 30},
    {"sen", 30}, {"hiên", 30}, {"ái", 30}, {"nương", 30}, {"đạo", 30}, {"hợp", 30},
    {"khương", 30}, {"sáu", 30}, {"uy", 30}, {"yên", 30}, {"hạ", 30}, {"khuê", 30},
    {"lài", 20}, {"nhài", 20}, {"lụa", 20}, {"tám", 20},
};

// Syllables a citizen types in other fields (occupation, reason, an answer in words), in
// five tiers by this project's judgement of how often they come up at a commune office.
constexpr Weight kGeneral[] = {
    // tier 1: the commonest words of the language
    {"và", 100}, {"của", 100}, {"là", 100}, {"có", 100}, {"không", 100}, {"được", 100},
    {"người", 100}, {"trong", 100}, {"cho", 100}, {"những", 100}, {"một", 100}, {"các", 100},
    {"với", 100}, {"đã", 100}, {"này", 100}, {"để", 100}, {"đến", 100}, {"khi", 100},
    {"năm", 100}, {"ra", 100}, {"về", 100}, {"từ", 100}, {"theo", 100}, {"như", 100},
    {"sẽ", 100}, {"nhiều", 100}, {"vào", 100}, {"lại", 100}, {"cũng", 100}, {"đi", 100},
    {"làm", 100}, {"ngày", 100}, {"nhà", 100}, {"tôi", 100}, {"việc", 100}, {"phải", 100},
    // tier 2: the words of the procedures themselves
    {"giấy", 80}, {"tờ", 80}, {"hồ", 80}, {"sơ", 80}, {"đăng", 80}, {"ký", 80},
    {"khai", 80}, {"sinh", 80}, {"tử", 80}, {"kết", 80}, {"hôn", 80}, {"chứng", 80},
    {"thực", 80}, {"bản", 80}, {"sao", 80}, {"xác", 80}, {"nhận", 80}, {"cư", 80},
    {"trú", 80}, {"hộ", 80}, {"khẩu", 80}, {"thường", 80}, {"tạm", 80}, {"vắng", 80},
    {"thủ", 80}, {"tục", 80}, {"công", 80}, {"dân", 80}, {"số", 80}, {"điện", 80},
    {"thoại", 80}, {"địa", 80}, {"chỉ", 80}, {"thôn", 80}, {"xóm", 80}, {"ấp", 80},
    {"tổ", 80}, {"đường", 80}, {"phố", 80}, {"ngõ", 80}, {"hẻm", 80}, {"kiệt", 80},
    {"lý", 80}, {"do", 80}, {"nghề", 80}, {"nghiệp", 80}, {"con", 80}, {"cha", 80},
    {"mẹ", 80}, {"vợ", 80}, {"chồng", 80}, {"ông", 80}, {"bà", 80}, {"anh", 80},
    {"chị", 80}, {"em", 80}, {"cháu", 80}, {"đất", 80}, {"quyền", 80}, {"sử", 80},
    {"dụng", 80}, {"tiền", 80}, {"phí", 80}, {"lệ", 80}, {"hợp", 80}, {"đồng", 80},
    // tier 3: occupations and everyday life
    {"nông", 60}, {"buôn", 60}, {"bán", 60}, {"học", 60}, {"viên", 60}, {"giáo", 60},
    {"kinh", 60}, {"doanh", 60}, {"tự", 60}, {"hưu", 60}, {"trí", 60},
    {"nội", 60}, {"trợ", 60}, {"thợ", 60}, {"may", 60}, {"xây", 60}, {"lái", 60},
    {"xe", 60}, {"bác", 60}, {"sĩ", 60}, {"y", 60}, {"tá", 60}, {"kỹ", 60}, {"sư", 60},
    {"cán", 60}, {"bộ", 60}, {"chức", 60}, {"nhân", 60}, {"lao", 60}, {"động", 60},
    {"ruộng", 60}, {"vườn", 60}, {"cá", 60}, {"gà", 60}, {"heo", 60}, {"lợn", 60},
    {"bò", 60}, {"lúa", 60}, {"gạo", 60}, {"chợ", 60}, {"trường", 60}, {"lớp", 60},
    {"bệnh", 60}, {"viện", 60}, {"trạm", 60}, {"tế", 60}, {"ủy", 60}, {"ban", 60},
    // tier 4: common words of answers and reasons
    {"mất", 40}, {"hỏng", 40}, {"rách", 40}, {"cấp", 40}, {"lần", 40}, {"đầu", 40},
    {"đổi", 40}, {"sai", 40}, {"sót", 40}, {"thông", 40}, {"tin", 40}, {"cần", 40},
    {"thiết", 40}, {"bổ", 40}, {"sung", 40}, {"chuyển", 40}, {"nơi", 40},
    {"ở", 40}, {"mới", 40}, {"cũ", 40}, {"khác", 40}, {"gia", 40}, {"đình", 40},
    {"họ", 40}, {"tên", 40}, {"tháng", 40}, {"tuổi", 40}, {"nam", 40},
    {"nữ", 40}, {"tộc", 40}, {"tôn", 40},
    {"quốc", 40}, {"tịch", 40}, {"việt", 40}, {"trẻ", 40}, {"già", 40}, {"ốm", 40},
    // tier 5: small words that fill a sentence
    {"rất", 20}, {"hơn", 20}, {"còn", 20}, {"đang", 20}, {"nói", 20}, {"biết", 20},
    {"muốn", 20}, {"xin", 20}, {"sau", 20}, {"trên", 20}, {"dưới", 20}, {"bị", 20},
    {"hay", 20}, {"nhưng", 20}, {"đó", 20}, {"thể", 20}, {"mình", 20}, {"chúng", 20},
    {"nước", 20}, {"thì", 20}, {"nên", 20}, {"vì", 20}, {"bao", 20}, {"giờ", 20},
    {"lúc", 20}, {"nay", 20}, {"hôm", 20}, {"mai", 20}, {"tuần", 20}, {"sáng", 20},
    {"chiều", 20}, {"tối", 20}, {"đêm", 20}, {"ăn", 20}, {"uống", 20}, {"ngủ", 20},
};
// clang-format on

} // namespace

std::span<const Weight> name_weights() {
    return kNames;
}
std::span<const Weight> general_weights() {
    return kGeneral;
}

} // namespace kiosk::ranking
