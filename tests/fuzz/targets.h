// What the fuzz targets run, shared by the libFuzzer entry points
// (fuzz_main.cc, built with PARAGRAF_FUZZ=ON) and the regression test that
// feeds every input a fuzzer once broke to the same function in the normal
// build (regression_test.cc).
//
// Each function takes arbitrary bytes, runs one entry point of paragraf on
// them and checks the contract that entry point documents. It returns ""
// when every contract held, otherwise a sentence saying what broke. A
// crash, a hang or a sanitizer report is a failure as well (the fuzzer
// reports those itself). Never throws.
//
// The functions load what they need (grammar, dictionary, a small imported
// database in a temporary folder) once per process, on first use.
// Not thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace paragraf::fuzz {

// Text and Markdown: ReadSourceBytes() on a ".txt" or ".md" file (the
// first byte's low bit picks), then DocumentParser::ParseSource() and the
// JSON of the document. Errors must name the file; the JSON must serialise.
std::string TextParser(std::string_view data);

// A grammar file: Grammar::AddFile() and, when it loads, CheckExamples().
// Errors must name the file.
std::string GrammarLoader(std::string_view data);

// PDF bytes through Poppler: ReadSourceBytes() on a ".pdf" file, then
// ParseSource() without OCR and the document's JSON.
std::string PdfImport(std::string_view data);

// A search query: store_internal::ToFtsQuery(), then Store::Search() on the
// small database, which may refuse a query only with InvalidArgument
// (never an SQL error).
std::string SearchQuery(std::string_view data);

// An HTTP request to the web app without a token (every write refused), on
// the small database. `data` is "METHOD TARGET\nName: value\n…\n\nBODY"; the
// body is read as a URL-encoded form. Checks: WebRequest::Parse() refuses
// or parses, WebApp::Handle() answers with a status from 100 to 599, a
// redirect stays on the site, and text from the request never comes back
// unescaped in HTML ("<zz", "\"zz" and "'zz" are the markers).
// Built when the web app is (PARAGRAF_WEB, which defines PARAGRAF_FUZZ_WEB).
std::string WebRequestHandler(std::string_view data);

}  // namespace paragraf::fuzz
