// Metrics of a results.csv row, as compared.
#include "compare_metrics.h"

#include <array>

namespace pushbench {
namespace {
struct Derived {
  std::string_view name;
  std::string_view numerator;
  std::string_view denominator;
};

constexpr std::array kDerived = {
    Derived{"requests_per_notification", "requests_total", "notifications_delivered"},
    Derived{"connections_opened_per_notification", "connections_opened", "notifications_delivered"},
    Derived{"empty_response_share", "empty_responses", "requests_total"},
    Derived{"delivery_ratio", "notifications_delivered", "notifications_expected"},
};

const Derived* derived(std::string_view metric) noexcept {
  for (const Derived& d : kDerived) {
    if (d.name == metric) {
      return &d;
    }
  }
  return nullptr;
}
}  // namespace

std::vector<std::string> metric_columns(std::string_view metric) {
  if (const Derived* d = derived(metric)) {
    return {std::string(d->numerator), std::string(d->denominator)};
  }
  return {std::string(metric)};
}

bool higher_is_better(std::string_view metric) noexcept { return metric == "delivery_ratio"; }

std::optional<double> metric_value(const ResultsTable& table, size_t row, std::string_view metric) {
  const Derived* d = derived(metric);
  if (d == nullptr) {
    return table.number(row, *table.column(metric));
  }
  const std::optional<double> num = table.number(row, *table.column(d->numerator));
  const std::optional<double> den = table.number(row, *table.column(d->denominator));
  if (!num || !den || *den == 0) {
    return std::nullopt;
  }
  return *num / *den;
}

}  // namespace pushbench
