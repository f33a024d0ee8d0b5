#pragma once
// The CSV result files of studies: a header row, then one row per design
// point. Rows are appended as points finish; a later row for the same point
// supersedes an earlier one (a retried failure), and a torn last line from an
// interrupted run is ignored when the file is read back.
#include <map>
#include <string>
#include <vector>

namespace hcm {

struct ResultsTable {
    // Lines before the header starting with "# " (without it): where the
    // results came from (program, commit, study file and its hash).
    std::vector<std::string> comments;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    int column(const std::string& name) const;  // -1 when absent
};

std::string csvEscape(const std::string& field);
std::vector<std::string> csvSplit(const std::string& line);
std::string csvJoin(const std::vector<std::string>& fields);

// The whole file: comment lines, header, rows.
std::string resultsText(const ResultsTable& table);

// Reads a results CSV (missing file: empty table). Rows whose field count
// differs from the header (a torn line) are skipped.
ResultsTable readResults(const std::string& path);

// The last row of each point (column "point"), in first-appearance order.
ResultsTable latestPerPoint(const ResultsTable& table);

// Appends one line with a single write, creating the file with `header`
// first when it does not exist yet. Throws InputError if the header of an
// existing file differs (a different study).
void appendResultRow(const std::string& path, const std::vector<std::string>& header,
                     const std::vector<std::string>& row,
                     const std::vector<std::string>& comments = {});

// Combines tables with the same header (merge of per-point or per-host files).
ResultsTable mergeResults(const std::vector<std::string>& paths);

// The merge checked against a study's point list (`points.csv` of
// --emit-jobs, or any CSV with a `point` column): rows in the list's order,
// the points with no row, and how many rows say ok / failed / infeasible.
struct MergeCheck {
    ResultsTable table;
    std::vector<std::string> missing;
    size_t ok = 0, failed = 0, infeasible = 0;
};
// Throws InputError for a list without a `point` column or a row of a point
// the list does not have (a result of another study).
MergeCheck checkAgainstPoints(const ResultsTable& merged, const std::string& pointsCsv);

}  // namespace hcm
