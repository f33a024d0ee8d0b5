#pragma once
// Aligned plain-text tables for terminal output.
#include <ostream>
#include <string>
#include <vector>

namespace hcm {

class TextTable {
public:
    explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
    void addRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    void addSeparator() { rows_.emplace_back(); }
    void popRow() { rows_.pop_back(); }
    void appendToLastRow(std::string cell) { rows_.back().push_back(std::move(cell)); }
    // Columns are right-aligned (numbers) except the first; text columns can opt out.
    void leftAlign(size_t column) { left_.push_back(column); }
    void print(std::ostream& os) const;

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;  // empty row = separator
    std::vector<size_t> left_;
};

// Number formatting helpers for tables: thousands separators, fixed decimals,
// and engineering suffixes (k, M, G, T).
std::string withCommas(int64_t v);
std::string fixed(double v, int decimals);
std::string engineering(double v, int decimals = 2);

}  // namespace hcm
