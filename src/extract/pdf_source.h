// PDF text through poppler-cpp. Internal to extract/.
#pragma once

#include <string>

#include "extract/source.h"

namespace paragraf {

// Fills source->pdf_pages (words with boxes and fonts) and source->pages from the PDF
// in `bytes`. REQUIRES: bytes start with "%PDF-".
Status ExtractPdfText(const std::string& bytes, RawSource* source);

}  // namespace paragraf
