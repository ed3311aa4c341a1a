#include "core/document.h"

#include <array>
#include <utility>

namespace paragraf {

namespace {

// Name tables, indexed by the enum's value. The names are part of the JSON
// contract and the database: never rename without a schema bump.
constexpr std::array<std::string_view, 6> kDocumentKindNames = {
    "protokoll", "protokollsutdrag", "kallelse", "tjansteskrivelse", "bilaga", "okand"};

constexpr std::array<std::string_view, 16> kSectionKindNames = {"sammanfattning",
                                                                "bakgrund",
                                                                "arendet",
                                                                "forslag",
                                                                "behandling",
                                                                "yrkanden",
                                                                "propositionsordning",
                                                                "omrostning",
                                                                "beslut",
                                                                "beslutsunderlag",
                                                                "expediering",
                                                                "reservation",
                                                                "protokollsanteckning",
                                                                "jav",
                                                                "justering",
                                                                "ovrigt"};

constexpr std::array<std::string_view, 7> kMotionKindNames = {
    "bifall", "avslag", "ändring", "tillägg", "återremiss", "bordläggning", "annat"};

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::string_view, N>& names, Enum value) {
  auto index = static_cast<size_t>(value);
  return index < N ? names[index] : std::string_view("?");
}

template <typename Enum, size_t N>
std::optional<Enum> EnumOf(const std::array<std::string_view, N>& names, std::string_view name) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(DocumentKind kind) { return NameOf(kDocumentKindNames, kind); }
std::optional<DocumentKind> DocumentKindFromString(std::string_view name) {
  return EnumOf<DocumentKind>(kDocumentKindNames, name);
}

std::string_view ToString(SectionKind kind) { return NameOf(kSectionKindNames, kind); }
std::optional<SectionKind> SectionKindFromString(std::string_view name) {
  return EnumOf<SectionKind>(kSectionKindNames, name);
}

std::string_view ToString(MotionKind kind) { return NameOf(kMotionKindNames, kind); }
std::optional<MotionKind> MotionKindFromString(std::string_view name) {
  return EnumOf<MotionKind>(kMotionKindNames, name);
}

std::string_view ToString(PropositionMethod method) {
  return method == PropositionMethod::kVotering ? "votering" : "acklamation";
}

}  // namespace paragraf
