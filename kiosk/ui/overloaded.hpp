#pragma once
// A visitor from lambdas: `std::visit(Overloaded{[](A&) {...}, [](B&) {...}}, v)` does not
// compile when an alternative of `v` has no lambda, so a new job or intent cannot be forgotten.

namespace kiosk::ui {

template <typename... F> struct Overloaded : F... { using F::operator()...; };
template <typename... F> Overloaded(F...) -> Overloaded<F...>;

} // namespace kiosk::ui
