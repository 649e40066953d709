// The Mann-Whitney U test.
#include "compare_stats.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace pushbench {
namespace {
// U of b over a: pairs (a_i, b_j) with b_j > a_i, ties counting one half.
double u_statistic(const std::vector<double>& a, const std::vector<double>& b) {
  double u = 0;
  for (double x : a) {
    for (double y : b) {
      u += y > x ? 1.0 : (y == x ? 0.5 : 0.0);
    }
  }
  return u;
}

bool has_ties(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> all(a);
  all.insert(all.end(), b.begin(), b.end());
  std::sort(all.begin(), all.end());
  return std::adjacent_find(all.begin(), all.end()) != all.end();
}

// P(U >= u_obs) under the null hypothesis, by counting the arrangements of m a's and n b's
// with each U: c(m, n, u) = c(m, n - 1, u - m) + c(m - 1, n, u), the largest value being a b
// (above all m a's) or an a.
double exact_upper_p(size_t m, size_t n, double u_obs) {
  const size_t max_u = m * n;
  // counts[i][j][u]: arrangements of i a's and j b's with U = u.
  std::vector<std::vector<std::vector<double>>> counts(
      m + 1, std::vector<std::vector<double>>(n + 1, std::vector<double>(max_u + 1, 0)));
  for (size_t i = 0; i <= m; ++i) {
    for (size_t j = 0; j <= n; ++j) {
      if (i == 0 || j == 0) {
        counts[i][j][0] = 1;
        continue;
      }
      for (size_t u = 0; u <= i * j; ++u) {
        counts[i][j][u] = counts[i - 1][j][u] + (u >= i ? counts[i][j - 1][u - i] : 0);
      }
    }
  }
  double total = 0;
  double upper = 0;
  for (size_t u = 0; u <= max_u; ++u) {
    total += counts[m][n][u];
    if (static_cast<double>(u) >= u_obs) {
      upper += counts[m][n][u];
    }
  }
  return upper / total;
}

double normal_upper_p(const std::vector<double>& a, const std::vector<double>& b, double u_obs) {
  const auto m = static_cast<double>(a.size());
  const auto n = static_cast<double>(b.size());
  const double total = m + n;
  std::map<double, double> tie_counts;
  for (double v : a) {
    tie_counts[v] += 1;
  }
  for (double v : b) {
    tie_counts[v] += 1;
  }
  double tie_term = 0;
  for (const auto& [value, t] : tie_counts) {
    tie_term += t * t * t - t;
  }
  const double variance = m * n / 12.0 * ((total + 1) - tie_term / (total * (total - 1)));
  if (variance <= 0) {
    return 1;
  }
  const double z = (u_obs - m * n / 2.0 - 0.5) / std::sqrt(variance);
  return 0.5 * std::erfc(z / std::sqrt(2.0));
}
}  // namespace

double mann_whitney_greater_p(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty() || b.empty()) {
    return 1;
  }
  const double u = u_statistic(a, b);
  if (!has_ties(a, b) && a.size() + b.size() <= 40) {
    return exact_upper_p(a.size(), b.size(), u);
  }
  return std::min(1.0, normal_upper_p(a, b, u));
}

}  // namespace pushbench
