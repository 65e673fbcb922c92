#include "forms/lists.hpp"

#include "forms/text.hpp"
#include "lists_data.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace forms {

namespace {

Text text_of(const nlohmann::json& j) {
    Text t;
    if (!j.is_object()) return t;
    t.vi = j.value("vi", std::string());
    t.en = j.value("en", std::string());
    return t;
}

// Every shipped list, read once. A list that does not parse is left out: the loader then
// refuses fields naming it, and the unit tests read every list.
std::vector<ChoiceList> read_lists() {
    std::vector<ChoiceList> lists;
    for (const auto& source : detail::shipped_list_sources()) {
        const auto j = nlohmann::json::parse(source.json, nullptr, false);
        if (!j.is_object() || !j.contains("items") || !j["items"].is_array()) continue;
        ChoiceList list;
        list.name = j.value("name", std::string());
        list.title = text_of(j.value("title", nlohmann::json()));
        for (const auto& i : j["items"]) {
            if (!i.is_object()) continue;
            ListItem item;
            item.value = i.value("value", std::string());
            item.label = text_of(i.value("label", nlohmann::json()));
            item.code = i.value("code", std::string());
            if (i.contains("also") && i["also"].is_array())
                for (const auto& a : i["also"])
                    if (a.is_string()) item.also.push_back(a.get<std::string>());
            if (!item.value.empty()) list.items.push_back(std::move(item));
        }
        if (!list.name.empty()) lists.push_back(std::move(list));
    }
    std::sort(lists.begin(), lists.end(),
              [](const ChoiceList& a, const ChoiceList& b) { return a.name < b.name; });
    return lists;
}

const std::vector<ChoiceList>& lists() {
    static const std::vector<ChoiceList> all = read_lists();
    return all;
}

} // namespace

std::string list_search_key(std::string_view text) {
    std::string out;
    for (char c : fold_for_search(text))
        if (c != ' ' && c != '-' && c != '\'') out.push_back(c);
    return out;
}

const ListItem* ChoiceList::find(std::string_view value) const {
    for (const auto& item : items)
        if (item.value == value) return &item;
    return nullptr;
}

const ChoiceList* find_list(std::string_view name) {
    for (const auto& list : lists())
        if (list.name == name) return &list;
    return nullptr;
}

std::vector<std::string> list_names() {
    std::vector<std::string> names;
    for (const auto& list : lists())
        names.push_back(list.name);
    return names;
}

bool list_item_matches(const ListItem& item, std::string_view query) {
    const auto needle = list_search_key(query);
    if (needle.empty()) return true;
    const auto holds = [&](std::string_view text) {
        return list_search_key(text).find(needle) != std::string::npos;
    };
    return holds(item.label.vi) || holds(item.label.en) || holds(item.value) || holds(item.code) ||
           std::any_of(item.also.begin(), item.also.end(), holds);
}

std::string list_label(std::string_view list_name, const std::string& value, Lang lang) {
    const auto* list = find_list(list_name);
    const auto* item = list ? list->find(value) : nullptr;
    return item ? item->label.in(lang) : value;
}

} // namespace forms
