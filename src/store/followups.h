// Follow-up keys and the links from follow-ups to the later paragraphs that
// answer them. Internal to store/.
//
// A follow-up's links are a function of the follow-up (with the paragraph
// it comes from) and the later paragraphs stored, judged in meeting order
// (once one answers, replaces or corrects it, a later one only shares its
// case), so the set of links depends only on which documents are in the
// database, never on the order they came in: an import judges again every
// follow-up that involves the new document, in both directions (its
// follow-ups and later paragraphs already stored; earlier follow-ups and
// its paragraphs), and replacing a document drops its links with its rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

// Dates undated protocols by later citations of their §§ ("SVOM beslutade
// 2022-10-07, § 25" dates an undated SVOM protokollsutdrag holding § 25
// when the store holds no SVOM § 25 of that day): those `document_id`
// cites, and `document_id` itself when it is undated and cited. Among
// several undated files of one protocol (the same title at that §) the
// newest is dated; other titles, or citations giving two dates, date
// nothing. Appends the ids dated to `dated`; documents.date_from keeps the
// citation. REQUIRES: inside the write transaction that stored the document.
Status DateByCitations(StatementCache& cache, int64_t document_id, std::vector<int64_t>* dated);

// Computes and stores the links that involve document `document_id`: its
// follow-ups and the follow-ups its paragraphs may answer, each judged with
// all its later paragraphs in meeting order.
// REQUIRES: inside the write transaction that stored the document.
Status LinkFollowUps(StatementCache& cache, int64_t document_id);

}  // namespace paragraf::store_internal
