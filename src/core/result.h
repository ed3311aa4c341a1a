// Result<T>: a value or the Status that explains why there is none.
//
//   Result<Document> doc = ParseFile(path);
//   if (!doc.ok()) return doc.status();
//   Use(*doc);
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "core/status.h"

namespace paragraf {

template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(state_).ok() && "Result needs a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }

  // The error; OK when a value is held.
  Status status() const { return ok() ? Status::OK() : std::get<Status>(state_); }

  // REQUIRES: ok()
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace paragraf
