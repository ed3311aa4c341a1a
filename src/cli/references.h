// References to a paragraph as users type them, for `paragraf show` and
// `paragraf search`: "SVOM 2021-10-08 §9", '"DRN södra" 2024-05-16 § 36',
// or a diarienummer ("DRNS 2024-00052").
#pragma once

#include <optional>
#include <string>

#include "store/store.h"

namespace paragraf::cli {

// `ref` as a query: body, date and § when it holds an ISO date standing
// alone; otherwise the whole text as a diarienummer.
ParagraphQuery ParseRef(const std::string& ref);

// The same for a search query, which is usually words: a reference only
// when it is exactly "<body> <date> § <n>" or a diarienummer of one or two
// words (letters, digits and a / : - or .); nullopt otherwise. A label
// before the number ("Dnr", "Diarienummer:") and a classification code
// after it ("Bun/2024:73 679") are left out.
std::optional<ParagraphQuery> AsReference(const std::string& typed);

}  // namespace paragraf::cli
