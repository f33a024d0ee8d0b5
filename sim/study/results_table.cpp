#include "results_table.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/common/input_error.hpp"

namespace hcm {

int ResultsTable::column(const std::string& name) const {
    for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return int(i);
    return -1;
}

std::string csvEscape(const std::string& f) {
    if (f.find_first_of(",\"\n\r") == std::string::npos) return f;
    std::string out = "\"";
    for (char c : f) {
        if (c == '"') out += '"';
        if (c == '\n' || c == '\r') c = ' ';
        out += c;
    }
    return out + "\"";
}

std::vector<std::string> csvSplit(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cur += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cur += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(cur);
            cur.clear();
        } else if (c != '\r') {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

std::string csvJoin(const std::vector<std::string>& fields) {
    std::string s;
    for (size_t i = 0; i < fields.size(); ++i) s += (i ? "," : "") + csvEscape(fields[i]);
    return s;
}

std::string resultsText(const ResultsTable& table) {
    std::string text;
    for (const auto& c : table.comments) text += "# " + c + "\n";
    text += csvJoin(table.header) + "\n";
    for (const auto& r : table.rows) text += csvJoin(r) + "\n";
    return text;
}

ResultsTable readResults(const std::string& path) {
    ResultsTable t;
    std::ifstream in(path);
    if (!in) return t;
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (first && line[0] == '#') {
            t.comments.push_back(line.substr(line.compare(0, 2, "# ") == 0 ? 2 : 1));
            continue;
        }
        auto fields = csvSplit(line);
        if (first) {
            t.header = std::move(fields);
            first = false;
        } else if (fields.size() == t.header.size()) {
            t.rows.push_back(std::move(fields));
        }
    }
    return t;
}

ResultsTable latestPerPoint(const ResultsTable& table) {
    ResultsTable out;
    out.comments = table.comments;
    out.header = table.header;
    const int pc = table.column("point");
    if (pc < 0) {
        out.rows = table.rows;
        return out;
    }
    std::map<std::string, size_t> where;
    for (const auto& row : table.rows) {
        const auto it = where.find(row[size_t(pc)]);
        if (it == where.end()) {
            where[row[size_t(pc)]] = out.rows.size();
            out.rows.push_back(row);
        } else {
            out.rows[it->second] = row;
        }
    }
    return out;
}

void appendResultRow(const std::string& path, const std::vector<std::string>& header,
                     const std::vector<std::string>& row, const std::vector<std::string>& comments) {
    const ResultsTable existing = readResults(path);
    std::string text;
    if (existing.header.empty()) {
        for (const auto& c : comments) text += "# " + c + "\n";
        text += csvJoin(header) + "\n";
    } else if (existing.header != header) {
        throwInputError({path, 1, 1}, "", "exists with different columns (a different study?); use another --out");
    }
    text += csvJoin(row) + "\n";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) throwInputError({path, 0, 0}, "", std::string("cannot write: ") + std::strerror(errno));
    // One write: a kill leaves at worst a torn last line, which readers skip.
    const ssize_t n = ::write(fd, text.data(), text.size());
    ::close(fd);
    if (n != ssize_t(text.size())) throwInputError({path, 0, 0}, "", "short write");
}

MergeCheck checkAgainstPoints(const ResultsTable& merged, const std::string& pointsCsv) {
    std::ifstream probe(pointsCsv);
    if (!probe) throwInputError({pointsCsv, 0, 0}, "", "cannot open file");
    const ResultsTable points = readResults(pointsCsv);
    const int pc = points.column("point");
    if (pc < 0) throwInputError({pointsCsv, 1, 1}, "point", "no `point` column (expected the points.csv of --emit-jobs)");
    std::map<std::string, size_t> order;
    for (size_t i = 0; i < points.rows.size(); ++i) order.emplace(points.rows[i][size_t(pc)], i);
    MergeCheck c;
    c.table.comments = merged.comments;
    c.table.header = merged.header;
    const int idc = merged.column("point"), sc = merged.column("status");
    std::vector<const std::vector<std::string>*> byPoint(points.rows.size(), nullptr);
    for (const auto& row : merged.rows) {
        const std::string& id = idc >= 0 ? row[size_t(idc)] : std::string();
        const auto it = order.find(id);
        if (it == order.end())
            throwInputError({pointsCsv, 0, 0}, "point",
                            "the results hold point '" + id + "', which this list does not have (another study?)");
        byPoint[it->second] = &row;
    }
    for (size_t i = 0; i < byPoint.size(); ++i) {
        if (!byPoint[i]) {
            c.missing.push_back(points.rows[i][size_t(pc)]);
            continue;
        }
        c.table.rows.push_back(*byPoint[i]);
        const std::string status = sc >= 0 ? (*byPoint[i])[size_t(sc)] : "";
        ++(status == "ok" ? c.ok : status == "infeasible" ? c.infeasible : c.failed);
    }
    return c;
}

ResultsTable mergeResults(const std::vector<std::string>& paths) {
    ResultsTable all;
    for (const auto& p : paths) {
        std::ifstream probe(p);
        if (!probe) throwInputError({p, 0, 0}, "", "cannot open file");
        const ResultsTable t = readResults(p);
        if (t.header.empty()) continue;
        if (all.header.empty()) {
            all.header = t.header;
            all.comments = t.comments;  // the study's provenance (every input carries the same)
        }
        else if (t.header != all.header)
            throwInputError({p, 1, 1}, "", "has different columns from " + paths.front());
        all.rows.insert(all.rows.end(), t.rows.begin(), t.rows.end());
    }
    return latestPerPoint(all);
}

}  // namespace hcm
