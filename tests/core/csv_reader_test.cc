#include "core/csv_reader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.h"

namespace vigil {
namespace {

std::vector<std::vector<std::string>> ReadAll(const std::string& text,
                                              std::vector<std::int64_t>* lines = nullptr) {
  CsvReader reader = CsvReader::FromString(text);
  CsvRecord record;
  std::vector<std::vector<std::string>> rows;
  while (reader.Next(&record)) {
    rows.emplace_back(record.fields.begin(), record.fields.end());
    if (lines != nullptr) lines->push_back(record.line);
  }
  return rows;
}

TEST(CsvReaderTest, SplitsPlainFields) {
  const auto rows = ReadAll("a,b,c\n1,2,3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "2", "3"}));
}

TEST(CsvReaderTest, KeepsEmptyFieldsIncludingTrailing) {
  const auto rows = ReadAll("a,,c,\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "", "c", ""}));
}

TEST(CsvReaderTest, UnescapesQuotedFieldsWithSeparatorsQuotesAndNewlines) {
  std::vector<std::int64_t> lines;
  const auto rows = ReadAll("id,text\n1,\"a, \"\"b\"\"\nc\"\n2,x\n", &lines);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][1], "a, \"b\"\nc");
  EXPECT_EQ(rows[2][0], "2");
  EXPECT_EQ(lines, (std::vector<std::int64_t>{1, 2, 4}));
}

TEST(CsvReaderTest, HandlesCrLfBomAndMissingFinalNewline) {
  const auto rows = ReadAll("\xEF\xBB\xBFh1,h2\r\nv1,v2");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "h1");
  EXPECT_EQ(rows[1][1], "v2");
}

TEST(CsvReaderTest, SkipsBlankLinesButCountsThem) {
  std::vector<std::int64_t> lines;
  const auto rows = ReadAll("a\n\n\nb\n", &lines);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(lines[1], 4);
}

TEST(CsvReaderTest, OpenMissingFileNamesThePath) {
  auto reader = CsvReader::Open("/nonexistent/dir/file.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().code, ErrorCode::kNotFound);
  EXPECT_NE(reader.error().message.find("/nonexistent/dir/file.csv"), std::string::npos);
}

TEST(CsvReaderTest, UnterminatedQuoteEndsAtEndOfInput) {
  const auto rows = ReadAll("a,\"open\nstill");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1], "open\nstill");
}

// Files are read in blocks: records, fields, doubled quotes and CRLFs cut by a block boundary
// come out exactly as from the whole text, with the same line numbers, for every block size.
TEST(CsvReaderTest, FilesReadInBlocksGiveTheSameRecordsAsTheWholeText) {
  const std::string text =
      "\xEF\xBB\xBFid,text,n\r\n1,\"a, \"\"b\"\"\nc\",7\r\n\r\n2,plain,\r\n"
      "3,\"\"\"\"\"\",x\n4,\"long quoted field with, commas and \"\"quotes\"\"\",9";
  std::vector<std::int64_t> whole_lines;
  const auto whole = ReadAll(text, &whole_lines);
  ASSERT_EQ(whole.size(), 5u);
  testing::TempDir dir;
  const std::string path = dir.File("blocks.csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  for (std::size_t block = 1; block <= text.size() + 1; ++block) {
    auto reader = CsvReader::Open(path, ',', block);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    EXPECT_EQ(reader->size(), text.size());
    CsvRecord record;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::int64_t> lines;
    while (reader->Next(&record)) {
      rows.emplace_back(record.fields.begin(), record.fields.end());
      lines.push_back(record.line);
    }
    EXPECT_FALSE(reader->error().has_value());
    EXPECT_EQ(rows, whole) << "block " << block;
    EXPECT_EQ(lines, whole_lines) << "block " << block;
    EXPECT_EQ(reader->position(), text.size()) << "block " << block;
  }
}

TEST(CsvReaderTest, AMissingFileIsNotFoundAndAnEmptyOneHasNoRecords) {
  testing::TempDir dir;
  auto missing = CsvReader::Open(dir.File("missing.csv"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  { std::ofstream(dir.File("empty.csv")); }
  auto empty = CsvReader::Open(dir.File("empty.csv"));
  ASSERT_TRUE(empty.ok());
  CsvRecord record;
  EXPECT_FALSE(empty->Next(&record));
  EXPECT_FALSE(empty->error().has_value());
}

}  // namespace
}  // namespace vigil
