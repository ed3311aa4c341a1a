// A grammar group's patterns compiled as one RE2::Set. Internal to parse/.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <cstddef>
#include <utility>

namespace paragraf {

struct GroupPatterns {
  GroupPatterns(re2::RE2::Set compiled, size_t count) : set(std::move(compiled)), rules(count) {}

  re2::RE2::Set set;  // pattern i is the group's rule i
  size_t rules;       // how many rules the group had when it was compiled
};

}  // namespace paragraf
