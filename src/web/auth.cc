// Sessions of logged-in browsers, random secrets and their comparison.
#include <sys/random.h>

#include <array>
#include <cstdint>
#include <stdexcept>

#include "web/app_internal.h"

namespace paragraf::web {

namespace {

constexpr auto kSessionLifetime = std::chrono::hours(12);

}  // namespace

std::string RandomHex() {
  std::array<unsigned char, 32> bytes{};
  size_t filled = 0;
  while (filled < bytes.size()) {
    const ssize_t got = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      // No randomness, no sessions: Handle() turns this into a 500.
      throw std::runtime_error("the kernel gave no random bytes (getrandom)");
    }
    filled += static_cast<size_t>(got);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0F]);
  }
  return out;
}

bool SameSecret(std::string_view a, std::string_view b) {
  // Every byte of the longer is looked at whatever the content, so the time
  // taken tells nothing about where the two differ.
  const size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned diff = a.size() == b.size() ? 0u : 1u;
  for (size_t i = 0; i < n; ++i) {
    const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0u;
    const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0u;
    diff |= x ^ y;
  }
  return diff == 0 && !a.empty();
}

Session Sessions::Create() {
  Session session{RandomHex(), RandomHex(), std::chrono::steady_clock::now() + kSessionLifetime};
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.expires < now ? sessions_.erase(it) : std::next(it);
  }
  sessions_[session.id] = session;
  return session;
}

std::optional<Session> Sessions::Find(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires < std::chrono::steady_clock::now()) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void Sessions::Remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(id);
}

}  // namespace paragraf::web
