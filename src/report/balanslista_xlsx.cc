// The balanslista as an Excel workbook, written with libxlsxwriter: sheet
// "Balanslista" (one row per item, header frozen, autofilter, real dates,
// overdue and year-old rows filled) and sheet "Sammanfattning" (the counts).
// libxlsxwriter 1.1.4 writes only to a named file, so the workbook goes to a
// temporary file that is read back and removed.
#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>

#include "report/balanslista.h"
#include "report/balanslista_internal.h"

namespace paragraf::report_internal {

namespace {

constexpr lxw_color_t kHeaderFill = 0xD9D9D9;
constexpr lxw_color_t kOverdueFill = 0xF8CBAD;
constexpr lxw_color_t kOldFill = 0xFFF2CC;
constexpr char kDateFormat[] = "yyyy-mm-dd";

// Excel keeps at most 32,767 characters in a cell; longer text is cut at a
// character boundary and ends in "…".
std::string FitCell(const std::string& text) {
  constexpr size_t kMaxCharacters = 32000;
  size_t characters = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) != 0x80 && ++characters > kMaxCharacters) return text.substr(0, i) + "…";
  }
  return text;
}

// How a row stands out, and what kind of cell is written.
enum Highlight { kPlain = 0, kOverdue = 1, kOld = 2 };
enum CellStyle { kText = 0, kWrapped = 1, kDateCell = 2 };

class Formats {
 public:
  explicit Formats(lxw_workbook* workbook) {
    header_ = workbook_add_format(workbook);
    format_set_bold(header_);
    format_set_bg_color(header_, kHeaderFill);
    format_set_bottom(header_, LXW_BORDER_THIN);
    format_set_text_wrap(header_);
    format_set_align(header_, LXW_ALIGN_VERTICAL_TOP);
    title_ = workbook_add_format(workbook);
    format_set_bold(title_);
    format_set_font_size(title_, 14);
    for (int highlight = kPlain; highlight <= kOld; ++highlight) {
      for (int style = kText; style <= kDateCell; ++style) {
        lxw_format* format = workbook_add_format(workbook);
        format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
        if (style == kWrapped) format_set_text_wrap(format);
        if (style == kDateCell) format_set_num_format(format, kDateFormat);
        if (highlight == kOverdue) format_set_bg_color(format, kOverdueFill);
        if (highlight == kOld) format_set_bg_color(format, kOldFill);
        cells_[highlight][style] = format;
      }
    }
  }

  lxw_format* header() const { return header_; }
  lxw_format* title() const { return title_; }
  lxw_format* cell(Highlight highlight, CellStyle style) const { return cells_[highlight][style]; }

 private:
  lxw_format* header_ = nullptr;
  lxw_format* title_ = nullptr;
  std::array<std::array<lxw_format*, 3>, 3> cells_{};
};

// Remembers the first libxlsxwriter error of a run of calls.
class ErrorSink {
 public:
  void Check(lxw_error error) {
    if (first_ == LXW_NO_ERROR) first_ = error;
  }
  lxw_error first() const { return first_; }

 private:
  lxw_error first_ = LXW_NO_ERROR;
};

void WriteDate(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const Date& date,
               lxw_format* date_format, lxw_format* text_format, ErrorSink* errors) {
  // Excel has no dates before 1900: such a date is written as text.
  if (static_cast<int>(date.year()) < 1900) {
    errors->Check(worksheet_write_string(sheet, row, col, DateText(date).c_str(), text_format));
    return;
  }
  lxw_datetime datetime{static_cast<int>(date.year()),
                        static_cast<int>(unsigned{date.month()}),
                        static_cast<int>(unsigned{date.day()}),
                        0,
                        0,
                        0.0};
  errors->Check(worksheet_write_datetime(sheet, row, col, &datetime, date_format));
}

void WriteCell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const Cell& cell,
               const Formats& formats, Highlight highlight, bool wrap, ErrorSink* errors) {
  lxw_format* text_format = formats.cell(highlight, wrap ? kWrapped : kText);
  if (const auto* text = std::get_if<std::string>(&cell)) {
    errors->Check(worksheet_write_string(sheet, row, col, FitCell(*text).c_str(), text_format));
  } else if (const auto* number = std::get_if<int>(&cell)) {
    errors->Check(worksheet_write_number(sheet, row, col, *number, text_format));
  } else if (const auto* date = std::get_if<Date>(&cell)) {
    WriteDate(sheet, row, col, *date, formats.cell(highlight, kDateCell), text_format, errors);
  } else {
    errors->Check(worksheet_write_blank(sheet, row, col, text_format));
  }
}

void WriteItemsSheet(lxw_worksheet* sheet, const Balanslista& list,
                     const std::vector<Group>& groups, const Formats& formats, ErrorSink* errors) {
  const std::vector<Column>& columns = TableColumns();
  const auto last_col = static_cast<lxw_col_t>(columns.size() - 1);
  for (lxw_col_t col = 0; col <= last_col; ++col) {
    errors->Check(worksheet_set_column(sheet, col, col, columns[col].width, nullptr));
    errors->Check(worksheet_write_string(sheet, 0, col, std::string(columns[col].label).c_str(),
                                         formats.header()));
  }
  lxw_row_t row = 0;
  for (const Group& group : groups) {
    for (const BalanslistaItem* item : group.items) {
      ++row;
      const Highlight highlight = IsOverdue(*item, list.as_of) ? kOverdue
                                  : IsOlderThanOneYear(*item)  ? kOld
                                                               : kPlain;
      const std::vector<Cell> cells = TableRow(*item, list.as_of);
      for (lxw_col_t col = 0; col <= last_col; ++col) {
        WriteCell(sheet, row, col, cells[col], formats, highlight, columns[col].wrap, errors);
      }
    }
  }
  worksheet_freeze_panes(sheet, 1, 0);
  errors->Check(worksheet_autofilter(sheet, 0, 0, row, last_col));
  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, 9);  // A4
  worksheet_fit_to_pages(sheet, 1, 0);
  errors->Check(worksheet_repeat_rows(sheet, 0, 0));
}

void WriteSummarySheet(lxw_worksheet* sheet, const Balanslista& list, const Summary& summary,
                       const Formats& formats, ErrorSink* errors) {
  lxw_format* text = formats.cell(kPlain, kText);
  errors->Check(worksheet_set_column(sheet, 0, 0, 28, nullptr));
  errors->Check(worksheet_set_column(sheet, 1, 1, 14, nullptr));
  errors->Check(worksheet_write_string(sheet, 0, 0, "Balanslista", formats.title()));

  errors->Check(worksheet_write_string(sheet, 2, 0, "Per", text));
  WriteDate(sheet, 2, 1, list.as_of, formats.cell(kPlain, kDateCell), text, errors);
  errors->Check(worksheet_write_string(sheet, 3, 0, "Organ", text));
  errors->Check(worksheet_write_string(sheet, 3, 1, FitCell(BodyFilterText(list)).c_str(), text));
  const std::array<std::pair<const char*, int>, 3> totals{{
      {"Totalt", summary.total},
      {"Försenade", summary.overdue},
      {"Äldre än ett år", summary.older_than_one_year},
  }};
  lxw_row_t row = 4;
  for (const auto& [label, count] : totals) {
    errors->Check(worksheet_write_string(sheet, row, 0, label, text));
    errors->Check(worksheet_write_number(sheet, row, 1, count, text));
    ++row;
  }

  const auto write_counts = [&](const char* heading, const std::vector<Count>& counts) {
    ++row;
    errors->Check(worksheet_write_string(sheet, row, 0, heading, formats.header()));
    errors->Check(worksheet_write_string(sheet, row, 1, "Antal", formats.header()));
    for (const Count& count : counts) {
      ++row;
      errors->Check(worksheet_write_string(sheet, row, 0, FitCell(count.label).c_str(), text));
      errors->Check(worksheet_write_number(sheet, row, 1, count.count, text));
    }
    ++row;
  };
  write_counts("Status", summary.by_status);
  write_counts("Typ", summary.by_kind);
}

// A new empty file in the temporary directory, removed when this goes.
class TempFile {
 public:
  TempFile() {
    std::error_code error;
    std::filesystem::path dir = std::filesystem::temp_directory_path(error);
    if (error) dir = "/tmp";
    std::string name = (dir / "paragraf-balanslista-XXXXXX").string();
    const int fd = mkstemp(name.data());
    if (fd < 0) return;
    close(fd);
    path_ = std::move(name);
  }
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  // Empty when no file could be made.
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Status XlsxError(std::string_view what, lxw_error error) {
  return Status::IOError(
      fmt::format("XLSX balanslista: {}: {} (libxlsxwriter)", what, lxw_strerror(error)));
}

}  // namespace

Result<std::string> RenderXlsx(const Balanslista& list, const std::vector<Group>& groups,
                               const Summary& summary) {
  TempFile file;
  if (file.path().empty()) {
    return Status::IOError(
        "XLSX balanslista: cannot create a temporary file (is TMPDIR writable?)");
  }
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  if (workbook == nullptr) {
    return Status::IOError(
        fmt::format("XLSX balanslista: libxlsxwriter cannot open a workbook at {}", file.path()));
  }
  std::string title = fmt::format("Balanslista per {}", DateText(list.as_of));
  std::string creator = "paragraf";
  lxw_doc_properties properties{};
  properties.title = title.data();
  properties.author = creator.data();
  ErrorSink errors;
  errors.Check(workbook_set_properties(workbook, &properties));

  const Formats formats(workbook);
  lxw_worksheet* items = workbook_add_worksheet(workbook, "Balanslista");
  lxw_worksheet* counts = workbook_add_worksheet(workbook, "Sammanfattning");
  if (items != nullptr && counts != nullptr) {
    WriteItemsSheet(items, list, groups, formats, &errors);
    WriteSummarySheet(counts, list, summary, formats, &errors);
  }
  // Closing frees the workbook whatever happened before, so it always runs.
  const lxw_error closed = workbook_close(workbook);
  if (items == nullptr || counts == nullptr) {
    return Status::IOError("XLSX balanslista: libxlsxwriter cannot add a worksheet");
  }
  if (errors.first() != LXW_NO_ERROR) return XlsxError("writing the sheets", errors.first());
  if (closed != LXW_NO_ERROR) return XlsxError(fmt::format("saving {}", file.path()), closed);

  std::ifstream in(file.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in.is_open() || bytes.str().empty()) {
    return Status::IOError(fmt::format("XLSX balanslista: cannot read back {}", file.path()));
  }
  return bytes.str();
}

}  // namespace paragraf::report_internal
