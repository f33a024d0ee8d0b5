#include "sim/common/content_hash.hpp"
#include "sim/report/program_version.hpp"
#include "sweep.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "process_pool.hpp"
#include "progress_bar.hpp"
#include "results_table.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"
#include "sim/config/platform_config.hpp"
#include "sim/metric/feasibility.hpp"
#include "workloads/network_loader.hpp"

namespace fs = std::filesystem;

namespace hcm {

std::vector<std::string> resultHeader(const StudyConfig& study) {
    std::vector<std::string> h = {"point"};
    for (const auto& a : study.axes) h.push_back(a.key);
    h.push_back("status");
    h.push_back("error");
    for (const auto& c : study.collect) h.push_back(c);
    return h;
}

std::string collectValue(const nlohmann::json& result, const std::string& path) {
    const nlohmann::json* node = nullptr;
    std::string rest = path;
    if (path.rfind("platform.", 0) == 0) {
        if (!result.contains("platform")) return "";
        node = &result["platform"];
        rest = path.substr(9);
    } else {
        if (!result.contains("totals")) return "";
        node = &result["totals"];
    }
    std::stringstream ss(rest);
    for (std::string part; std::getline(ss, part, '.');) {
        if (!node->is_object() || !node->contains(part)) return "";
        node = &(*node)[part];
    }
    if (node->is_string()) return node->get<std::string>();
    return node->dump();
}

namespace {

// Checks a point in-process, so bad values fail fast with their message and
// a design that cannot run the network is reported infeasible (with the
// message `run` would print) instead of spawning a doomed simulation.
struct PointCheck {
    std::string status;  // "" fine, "failed" bad input, "infeasible"
    std::string error;
};

PointCheck checkPoint(const StudyConfig& study, const StudyPoint& p) {
    const PointInputs in = pointInputs(study, p);
    PlatformConfig platform;
    Network net;
    try {
        platform = loadPlatformConfig(in.hw, in.sets);
        NetworkRequest req;
        req.spec = in.net;
        req.quantPolicyFile = in.quant;
        if (!in.batch.empty()) req.batch = std::stoll(in.batch);
        if (!in.wbits.empty()) req.cli = PrecisionOverride::of({in.wbits, in.abits, in.obits});
        net = loadNetwork(req);
    } catch (const InputError& e) {
        return {"failed", e.what()};
    } catch (const std::exception& e) {  // a batch or bit value out of range for stoi
        return {"failed", e.what()};
    }
    try {
        requireFeasible(platform, net);
    } catch (const InputError& e) {
        return {"infeasible", e.what()};
    }
    return {};
}

std::string resultFile(const StudyConfig& study, const std::string& dir) {
    return study.mode == "run" ? dir + "/summary.json" : dir + "/estimate.json";
}

std::vector<StudyPoint> selectPoints(const StudyConfig& study, const SweepOptions& opt) {
    std::vector<StudyPoint> points = expandPoints(study);
    if (opt.only.empty()) return points;
    std::vector<StudyPoint> one;
    for (auto& p : points)
        if (p.id == opt.only) one.push_back(p);
    if (one.empty()) throwInputError({}, "--only", "no point with id " + opt.only + " in " + study.source);
    return one;
}

// Appends one row per point to the results CSV as soon as the point is
// known, so that an interrupted sweep keeps what it finished.
struct ResultWriter {
    const StudyConfig& study;
    const SweepOptions& opt;
    std::vector<std::string> header;
    std::vector<std::string> provenance;  // the file's first line: where the rows come from

    void append(const StudyPoint& p, const std::string& status, const std::string& error,
                const nlohmann::json* result) const {
        std::vector<std::string> row = {p.id};
        for (const auto& kv : p.values) row.push_back(kv.second);
        row.push_back(status);
        row.push_back(error);
        for (const auto& c : study.collect) row.push_back(result ? collectValue(*result, c) : "");
        appendResultRow(opt.out, header, row, provenance);
    }
};

ResultWriter resultWriter(const StudyConfig& study, const SweepOptions& opt) {
    ResultWriter w{study, opt, resultHeader(study), {}};
    w.provenance = {"provenance: " + programVersion() + "; study " + study.source + " (content hash " +
                    fileContentHash(study.source) + ")"};
    return w;
}

// The points an earlier sweep into the same file finished: a rerun resumes.
std::set<std::string> finishedPoints(const ResultWriter& w) {
    const ResultsTable done = latestPerPoint(readResults(w.opt.out));
    if (!done.header.empty() && done.header != w.header)
        throwInputError({w.opt.out, 1, 1}, "", "exists with different columns (a different study?); use another --out");
    std::set<std::string> finished;
    const int pc = done.column("point"), sc = done.column("status");
    for (const auto& r : done.rows)
        if (pc >= 0 && sc >= 0 && r[size_t(sc)] == "ok") finished.insert(r[size_t(pc)]);
    return finished;
}

void recordChildResult(const ResultWriter& w, const StudyPoint& p, const std::string& dir, const ChildResult& r,
                       SweepSummary& sum) {
    if (r.exitCode == 0) {
        std::ifstream in(resultFile(w.study, dir));
        nlohmann::json j;
        try {
            in >> j;
            w.append(p, "ok", "", &j);
            ++sum.ok;
        } catch (const nlohmann::json::exception& e) {
            w.append(p, "failed", std::string("unreadable result: ") + e.what(), nullptr);
            ++sum.failed;
        }
        return;
    }
    const std::string why =
        r.exitCode == 130 ? "interrupted" : "exit " + std::to_string(r.exitCode) + ": " + r.lastErrorLine;
    if (r.exitCode == 130 || (w.opt.stop && *w.opt.stop)) {
        sum.interrupted = true;  // not a result: rerun next time
    } else {
        w.append(p, "failed", why, nullptr);
        ++sum.failed;
    }
}

// A finished sweep leaves its rows in point order (one per point),
// so the file is the same whatever -j and the completion order were.
void writeInPointOrder(const StudyConfig& study, const std::string& out, const std::vector<std::string>& provenance) {
    const ResultsTable all = latestPerPoint(readResults(out));
    std::map<std::string, size_t> order;
    const std::vector<StudyPoint> every = expandPoints(study);
    for (size_t i = 0; i < every.size(); ++i) order[every[i].id] = i;
    std::vector<std::vector<std::string>> rows = all.rows;
    const int idc = all.column("point");
    std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
        const auto ia = order.find(a[size_t(idc)]), ib = order.find(b[size_t(idc)]);
        const size_t ka = ia == order.end() ? every.size() : ia->second;
        const size_t kb = ib == order.end() ? every.size() : ib->second;
        return ka < kb;
    });
    ResultsTable ordered = all;
    ordered.rows = std::move(rows);
    if (ordered.comments.empty()) ordered.comments = provenance;
    writeFileAtomic(out, resultsText(ordered));
}

}  // namespace

SweepSummary runSweep(const StudyConfig& study, const SweepOptions& opt) {
    const std::vector<StudyPoint> points = selectPoints(study, opt);
    SweepSummary sum;
    sum.points = points.size();
    const ResultWriter writer = resultWriter(study, opt);
    const std::set<std::string> finished = finishedPoints(writer);

    const std::string pointsDir = opt.out + ".points";
    std::map<std::string, const StudyPoint*> byId;
    std::vector<ChildJob> jobs;
    for (const auto& p : points) {
        if (finished.count(p.id)) {
            ++sum.skipped;
            continue;
        }
        const PointCheck check = checkPoint(study, p);
        if (!check.status.empty()) {
            writer.append(p, check.status, check.error, nullptr);
            ++(check.status == "infeasible" ? sum.infeasible : sum.failed);
            continue;
        }
        const std::string dir = pointsDir + "/" + p.id;
        ensureDirectory(dir);
        jobs.push_back({p.id, pointArguments(study, p, dir), dir + "/log.txt"});
        byId[p.id] = &p;
    }
    ProgressBar bar("sweep " + study.name, jobs.size());
    size_t completed = 0;
    ProcessPool(opt.jobs).run(
        jobs,
        [&](const ChildResult& r) {
            const StudyPoint& p = *byId.at(r.id);
            recordChildResult(writer, p, pointsDir + "/" + p.id, r, sum);
            bar.advance(++completed, sum.failed);
        },
        opt.stop);
    bar.finish();
    if (opt.stop && *opt.stop) sum.interrupted = true;
    if (!sum.interrupted && opt.only.empty()) writeInPointOrder(study, opt.out, writer.provenance);
    return sum;
}

namespace {

void makeExecutable(const std::string& path) {
    fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add);
}

// Single-quoted for sh (a quote inside becomes '\'').
std::string shellQuoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace

void emitJobs(const StudyConfig& study, const std::string& studyPath, const std::string& dir, size_t maxArraySize,
              size_t pointsPerTask) {
    if (maxArraySize < 1) throwInputError({}, "--max-array-size", "must be at least 1");
    if (pointsPerTask < 1) throwInputError({}, "--points-per-task", "must be at least 1");
    ensureDirectory(dir + "/results");
    const std::vector<StudyPoint> points = expandPoints(study);
    const std::string exe = shellQuoted(fs::absolute(selfExecutable()).string());
    const std::string studyAbs = shellQuoted(fs::absolute(studyPath).string());
    const std::string dirAbs = fs::absolute(dir).string();
    const std::string dirQ = shellQuoted(dirAbs);
    std::ostringstream list, cmds;
    std::vector<std::string> head = {"point"};
    for (const auto& a : study.axes) head.push_back(a.key);
    list << csvJoin(head) << "\n";
    for (const auto& p : points) {
        std::vector<std::string> row = {p.id};
        for (const auto& kv : p.values) row.push_back(kv.second);
        list << csvJoin(row) << "\n";
        cmds << exe << " sweep --study " << studyAbs << " --only " << p.id << " --out "
             << shellQuoted(dirAbs + "/results/" + p.id + ".csv") << "\n";
    }
    const std::string merge = exe + " merge --points " + shellQuoted(dirAbs + "/points.csv") + " " + dirQ +
                              "/results/*.csv --out " + shellQuoted(dirAbs + "/merged.csv");
    writeFileAtomic(dir + "/points.csv", list.str());
    writeFileAtomic(dir + "/commands.txt", cmds.str());
    writeFileAtomic(dir + "/run_parallel.sh",
                    "#!/bin/sh\n# Runs every point with GNU parallel; add --sshloginfile FILE to spread over hosts\n"
                    "# (each host needs hcmsim and the inputs at the same paths), then merges.\n"
                    "cd \"$(dirname \"$0\")\" && parallel --joblog joblog.txt --resume -j \"${JOBS:-2}\" \"$@\" < commands.txt\n" +
                        merge + "\n");
    // Task i of the array submitted with offset o runs the K points on lines
    // (o + i - 1) K + 1 .. (o + i) K of commands.txt: several points per task
    // when one point is shorter than Slurm's cost of launching a task.
    // Slurm's logs go to logs/, one per task, not beside the inputs.
    const std::string logs = dirAbs + "/logs";
    ensureDirectory(logs);
    writeFileAtomic(dir + "/slurm_array.sh",
                    "#!/bin/sh\n#SBATCH --job-name=hcmsim-" + study.name +
                        "\n#SBATCH --cpus-per-task=1\n#SBATCH --output=" + logs +
                        "/%A_%a.out\n# " + std::to_string(pointsPerTask) +
                        " point(s) per array task, submitted by slurm_submit.sh (HCMSIM_OFFSET: tasks before "
                        "this array).\nper_task=" + std::to_string(pointsPerTask) +
                        "\nfirst=$(( (SLURM_ARRAY_TASK_ID - 1 + ${HCMSIM_OFFSET:-0}) * per_task + 1 ))\n"
                        "status=0\nline=$first\nwhile [ $line -lt $((first + per_task)) ]; do\n"
                        "  cmd=$(sed -n \"${line}p\" " + dirQ + "/commands.txt)\n"
                        "  [ -z \"$cmd\" ] || eval \"$cmd\" || status=1\n  line=$((line + 1))\ndone\nexit $status\n");
    writeFileAtomic(dir + "/slurm_merge.sh", "#!/bin/sh\n#SBATCH --job-name=hcmsim-" + study.name +
                                                 "-merge\n#SBATCH --cpus-per-task=1\n#SBATCH --output=" + logs +
                                                 "/merge_%j.out\n" + merge + "\n");
    std::ostringstream submit;
    const size_t tasks = (points.size() + pointsPerTask - 1) / pointsPerTask;
    submit << "#!/bin/sh\n# Submits the " << points.size() << " points, " << pointsPerTask << " per task, as job arrays of at most "
           << maxArraySize << " tasks (Slurm's MaxArraySize),\n# then the merge once all of them have ended (failed points "
              "included: the merge reports them).\nset -e\ncd "
           << dirQ << "\nids=\"\"\n";
    for (size_t offset = 0; offset < tasks; offset += maxArraySize) {
        const size_t n = std::min(maxArraySize, tasks - offset);
        submit << "id=$(sbatch --parsable --array=1-" << n << " --export=ALL,HCMSIM_OFFSET=" << offset
               << " slurm_array.sh)\nids=\"$ids:${id%%;*}\"\n";
    }
    submit << "sbatch --parsable --dependency=afterany$ids slurm_merge.sh\n";
    writeFileAtomic(dir + "/slurm_submit.sh", submit.str());
    for (const char* f : {"/run_parallel.sh", "/slurm_array.sh", "/slurm_merge.sh", "/slurm_submit.sh"})
        makeExecutable(dir + f);
}

}  // namespace hcm
