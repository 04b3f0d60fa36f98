#include "studies/report.hpp"

#include "studies/citations.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

namespace kiln {

namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

std::string number_text(const nlohmann::json& v) {
  if (v.is_number_float()) return fmt::format("{:.6g}", v.get<double>());
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "—";
  return v.dump();
}

// The summary as nested tables (groups become captions).
std::string summary_html(const nlohmann::json& s, int depth = 0) {
  std::string rows, groups;
  for (auto it = s.begin(); it != s.end(); ++it) {
    if (it->is_object()) {
      groups += fmt::format("<h{0}>{1}</h{0}>\n{2}", std::min(3 + depth, 6), escape(it.key()), summary_html(*it, depth + 1));
    } else if (it->is_array() && !it->empty() && it->front().is_object()) {
      groups += fmt::format("<details><summary>{} ({} entries)</summary><pre>{}</pre></details>\n", escape(it.key()), it->size(),
                            escape(it->dump(1)));
    } else {
      rows += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", escape(it.key()),
                          escape(it->is_array() ? it->dump() : number_text(*it)));
    }
  }
  return (rows.empty() ? "" : "<table class=\"figures\">\n" + rows + "</table>\n") + groups;
}

// An SVG drawn by gnuplot, ready to sit inside HTML (without its XML prologue and doctype).
std::string inline_svg(const std::filesystem::path& file) {
  std::string svg = read_text(file);
  const auto start = svg.find("<svg");
  return start == std::string::npos ? "" : svg.substr(start);
}

const char* kStyle = R"(body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f5f5f5;font-weight:normal}td.num{text-align:right}.figure{margin:1em 0}.figure svg{max-width:100%;height:auto}
.state{padding:.5em 1em;border-radius:4px;background:#eef6ee}.state.bad{background:#fbeaea}pre{background:#f7f7f7;padding:.6em;overflow-x:auto;font-size:.9em}
.source{color:#555;font-size:.9em}ol.refs li{margin:.3em 0})";

}  // namespace

std::filesystem::path write_report(const std::filesystem::path& run_dir, const std::filesystem::path& output) {
  const auto manifest_file = run_dir / "manifest.json";
  if (!std::filesystem::exists(manifest_file))
    throw std::runtime_error(fmt::format("{}: not a kiln run directory (no manifest.json)", run_dir.string()));
  const auto manifest = nlohmann::json::parse(read_text(manifest_file));
  nlohmann::json summary = nlohmann::json::object();
  if (std::filesystem::exists(run_dir / "summary.json")) summary = nlohmann::json::parse(read_text(run_dir / "summary.json"));
  const auto& resolved = manifest.value("resolved_input", nlohmann::json::object());
  const auto& input = resolved.value("input", nlohmann::json::object());
  const std::string title = input.value("title", std::string()).empty() ? run_dir.filename().string() : input["title"].get<std::string>();
  const std::string model = input.contains("solver") ? input["solver"].value("model", "") : "";
  const std::string exit_state = manifest.value("exit_state", "unknown");

  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += fmt::format("<title>kiln report: {}</title>\n<style>{}</style>\n</head>\n<body>\n", escape(title), kStyle);
  html += fmt::format("<h1>{}</h1>\n", escape(title));
  const auto& k = manifest.value("kiln", nlohmann::json::object());
  html += fmt::format("<p>{}{} run by kiln {} (git {}, {} build) on {} at {} UTC, {:.3g} s.</p>\n", escape(model.empty() ? "A" : model),
                      summary.contains("material") ? " of " + escape(number_text(summary["material"])) : "",
                      escape(k.value("version", "?")), escape(k.value("git_revision", "?")), escape(k.value("build_type", "?")),
                      escape(manifest.value("machine", nlohmann::json::object()).value("host", "?")),
                      escape(manifest.value("start_time_utc", "?")), manifest.value("wall_time_s", 0.0));
  const bool bad = exit_state.rfind("failed", 0) == 0 || exit_state.find("not converged") != std::string::npos;
  html += fmt::format("<p class=\"state{}\">Exit state: {}</p>\n", bad ? " bad" : "", escape(exit_state));

  // Warnings: whatever the run reported as such (summary keys named "warning(s)" or "note").
  std::vector<std::string> warnings;
  std::function<void(const nlohmann::json&, const std::string&)> find_warnings = [&](const nlohmann::json& j, const std::string& where) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it->is_object()) find_warnings(*it, where + it.key() + ": ");
      else if ((it.key() == "warning" || it.key() == "warnings" || it.key() == "note") && it->is_string())
        warnings.push_back(where + it->get<std::string>());
      else if (it.key() == "warnings" && it->is_array())
        for (const auto& w : *it) warnings.push_back(where + number_text(w));
    }
  };
  if (summary.is_object()) find_warnings(summary, "");
  if (!warnings.empty()) {
    html += "<h2>Warnings and notes</h2>\n<ul>\n";
    for (const auto& w : warnings) html += "<li>" + escape(w) + "</li>\n";
    html += "</ul>\n";
  }

  html += "<h2>Results</h2>\n" + summary_html(summary);

  // Every plot the run drew, inline.
  std::vector<std::filesystem::path> svgs;
  if (std::filesystem::is_directory(run_dir / "plots"))
    for (const auto& e : std::filesystem::directory_iterator(run_dir / "plots"))
      if (e.path().extension() == ".svg") svgs.push_back(e.path());
  std::sort(svgs.begin(), svgs.end());
  if (!svgs.empty()) {
    html += "<h2>Plots</h2>\n";
    for (const auto& f : svgs)
      html += fmt::format("<div class=\"figure\" id=\"plot-{0}\">{1}<p class=\"source\">plots/{0}.svg</p></div>\n",
                          escape(f.stem().string()), inline_svg(f));
  }

  html += "<h2>What was run</h2>\n";
  html += fmt::format("<p>Input file: <code>{}</code>. The input as read (command-line overrides applied):</p>\n<pre>{}</pre>\n",
                      escape(manifest.value("input_file", "?")), escape(input.dump(2)));
  if (resolved.contains("material") && resolved["material"].contains("values")) {
    const auto& mat = resolved["material"];
    html += fmt::format("<h3>Material values: {} ({})</h3>\n<p class=\"source\">{}</p>\n<table>\n<tr><th>value</th><th>as written</th>"
                        "<th>SI</th><th>source</th></tr>\n",
                        escape(mat.value("name", "")), escape(mat.value("full_name", "")), escape(mat.value("file", "")));
    for (const auto& v : mat["values"])
      html += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"num\">{} {}</td><td class=\"source\">{}</td></tr>\n", escape(v.value("key", "")),
                          escape(v.value("as_written", "")), escape(number_text(v.value("si", nlohmann::json()))),
                          escape(v.value("unit", "") == "1" ? "" : v.value("unit", "")), escape(v.value("source", "")));
    html += "</table>\n";
  }
  if (resolved.contains("laws")) html += "<p>Laws: " + escape(resolved["laws"].dump()) + "</p>\n";

  html += "<h2>Cite this</h2>\n<p>The work this run rests on (BibTeX: <code>kiln cite " + escape(run_dir.string()) +
          " --bibtex</code>):</p>\n<ol class=\"refs\">\n";
  nlohmann::json material_refs = nlohmann::json::object();
  if (resolved.contains("material") && resolved["material"].contains("references")) material_refs = resolved["material"]["references"];
  for (const auto& key : run_reference_keys(manifest))
    html += fmt::format("<li id=\"ref-{0}\"><b>[{0}]</b> {1}</li>\n", escape(key), escape(reference_text(key, material_refs)));
  html += "</ol>\n</body>\n</html>\n";

  const auto file = output.empty() ? run_dir / "report.html" : output;
  std::ofstream out(file);
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
  out << html;
  return file;
}

}  // namespace kiln
