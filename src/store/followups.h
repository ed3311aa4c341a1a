// Follow-up keys and the links from follow-ups to the later paragraphs that
// answer them. Internal to store/.
//
// A link is a pure function of a follow-up (with the paragraph it comes
// from) and a later paragraph, so the set of links depends only on which
// documents are in the database, never on the order they came in: an
// import computes every link that involves the new document, in both
// directions (its follow-ups answered by later paragraphs already stored;
// earlier follow-ups answered by its paragraphs), and replacing a document
// drops its links with its rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/document.h"
#include "core/result.h"
#include "store/statements.h"

namespace paragraf::store_internal {

// "SVOM-2021-10-08" (abbreviation, else name, spaces as "-"; the meeting
// date, else "odaterad").
std::string FollowUpKeyPrefix(const Document& document);

// "SVOM-2021-10-08-9-1": the paragraph's § (else "p" and its ordinal) and
// the follow-up's 1-based ordinal in it.
std::string FollowUpKey(const std::string& prefix, const std::optional<int>& number,
                        size_t paragraph_ordinal, size_t followup_ordinal);

// "SVOM-2021-10-08-dok-1": a follow-up outside any §.
std::string DocumentFollowUpKey(const std::string& prefix, size_t followup_ordinal);

// Computes and stores the links that involve document `document_id`.
// REQUIRES: inside the write transaction that stored the document.
Status LinkFollowUps(StatementCache& cache, int64_t document_id);

}  // namespace paragraf::store_internal
