// Status: the outcome of an operation that can fail on bad input or a bad
// environment. Cheap to copy; an OK status carries no message.
//
// Errors are values in paragraf: a corrupt PDF, an unreadable path or a
// locked database come back as a Status naming the file and what to do.
// Exceptions never cross a stage boundary.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace paragraf {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,         // a path, reference or row that does not exist
    kInvalidArgument,  // the caller asked for something malformed
    kInvalidInput,     // the data is not what it claims (not a protocol, not a PDF)
    kCorruption,       // damaged data (truncated file, bad database)
    kIOError,          // the operating system failed us
    kUnsupported,      // valid but beyond what paragraf reads (encrypted PDF)
    kBusy,             // a resource is locked by someone else
  };

  Status() = default;

  static Status OK() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status InvalidInput(std::string msg) {
    return Status(Code::kInvalidInput, std::move(msg));
  }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "not found: <message>", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "<prefix>: <message>".
  Status WithContext(std::string_view prefix) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace paragraf
