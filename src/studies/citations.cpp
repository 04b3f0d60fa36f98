#include "studies/citations.hpp"

#include "core/provenance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace kiln {

namespace {

std::string strip_braces(std::string s) {
  std::string out;
  for (const char c : s)
    if (c != '{' && c != '}') out += c;
  // collapse whitespace
  std::string collapsed;
  bool space = false;
  for (const char c : out) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !collapsed.empty()) collapsed += ' ';
    space = false;
    collapsed += c;
  }
  return collapsed;
}

// The TeX a .bib holds, as text a reader sees: accents, dashes, subscripts.
std::string plain_text(std::string s) {
  static const std::vector<std::pair<std::string, std::string>> table{
      {"\\\"a", "ä"}, {"\\\"o", "ö"}, {"\\\"u", "ü"}, {"\\\"A", "Ä"}, {"\\\"O", "Ö"}, {"\\\"U", "Ü"},
      {"\\'e", "é"},  {"\\'a", "á"},  {"\\'o", "ó"},  {"\\'i", "í"},  {"\\'E", "É"},  {"\\`e", "è"},
      {"\\`a", "à"},  {"\\^o", "ô"},  {"\\^e", "ê"},  {"\\~n", "ñ"},  {"\\c c", "ç"},  {"\\ss", "ß"},
      {"\\o", "ø"},   {"\\&", "&"},   {"---", "—"},    {"--", "–"},     {"$_2$", "₂"},   {"$_3$", "₃"},
      {"$_4$", "₄"},    {"$_5$", "₅"},    {"$_6$", "₆"},    {"$_7$", "₇"},    {"$_8$", "₈"},    {"$_{12}$", "₁₂"}, {"$_12$", "₁₂"}, {"$_x$", "ₓ"}};
  for (const auto& [tex, text] : table)
    for (std::size_t p = s.find(tex); p != std::string::npos; p = s.find(tex, p + text.size())) s.replace(p, tex.size(), text);
  std::string out;
  for (const char c : s)
    if (c != '$' && c != '\\') out += c;
  return out;
}

std::string authors_text(const std::string& authors) {
  // "Last, First and Last, First" -> "First Last, First Last"
  std::vector<std::string> names;
  std::size_t start = 0;
  while (true) {
    const auto pos = authors.find(" and ", start);
    std::string one = authors.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
    const auto comma = one.find(',');
    if (comma != std::string::npos) {
      std::string first = one.substr(comma + 1);
      while (!first.empty() && first.front() == ' ') first.erase(first.begin());
      one = first + " " + one.substr(0, comma);
    }
    names.push_back(one);
    if (pos == std::string::npos) break;
    start = pos + 5;
  }
  if (names.size() > 6) return names.front() + " et al.";
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? (i + 1 == names.size() ? " and " : ", ") : "") + names[i];
  return out;
}

}  // namespace

std::map<std::string, BibEntry> read_bibtex(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", file.string()));
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::map<std::string, BibEntry> entries;
  std::size_t pos = 0;
  while ((pos = text.find('@', pos)) != std::string::npos) {
    const auto open = text.find('{', pos);
    if (open == std::string::npos) break;
    BibEntry e;
    e.type = text.substr(pos + 1, open - pos - 1);
    std::transform(e.type.begin(), e.type.end(), e.type.begin(), [](unsigned char c) { return std::tolower(c); });
    // The entry ends at the brace that balances `open`.
    int depth = 0;
    std::size_t end = open;
    for (; end < text.size(); ++end) {
      if (text[end] == '{') ++depth;
      if (text[end] == '}' && --depth == 0) break;
    }
    if (e.type == "comment" || e.type == "preamble" || e.type == "string") {
      pos = end;
      continue;
    }
    e.source = text.substr(pos, end - pos + 1);
    const auto comma = text.find(',', open);
    e.key = strip_braces(text.substr(open + 1, comma - open - 1));
    std::size_t p = comma + 1;
    while (p < end) {
      const auto eq = text.find('=', p);
      if (eq == std::string::npos || eq >= end) break;
      std::string name = strip_braces(text.substr(p, eq - p));
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      std::size_t v = eq + 1;
      while (v < end && std::isspace(static_cast<unsigned char>(text[v]))) ++v;
      std::string value;
      if (v < end && (text[v] == '{' || text[v] == '"')) {
        const char close = text[v] == '{' ? '}' : '"';
        int d = 0;
        std::size_t q = v;
        for (; q < end; ++q) {
          if (close == '}') {
            if (text[q] == '{') ++d;
            if (text[q] == '}' && --d == 0) break;
          } else if (q > v && text[q] == '"') {
            break;
          }
        }
        value = text.substr(v + 1, q - v - 1);
        p = q + 1;
      } else {
        const auto q = std::min(text.find(',', v), end);
        value = text.substr(v, q - v);
        p = q;
      }
      e.fields[name] = strip_braces(value);
      p = text.find(',', p);
      if (p == std::string::npos || p >= end) break;
      ++p;
    }
    entries[e.key] = e;
    pos = end;
  }
  return entries;
}

const std::map<std::string, BibEntry>& kiln_references() {
  static const std::map<std::string, BibEntry> refs = [] {
    const auto file = data_directory() / "references.bib";
    return std::filesystem::exists(file) ? read_bibtex(file) : std::map<std::string, BibEntry>{};
  }();
  return refs;
}

std::vector<std::string> run_reference_keys(const nlohmann::json& manifest) {
  std::vector<std::string> keys{"kiln"};
  auto add = [&](const std::string& k) {
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  };
  const auto& r = manifest.value("resolved_input", nlohmann::json::object());
  if (r.contains("references") && r["references"].is_array())
    for (const auto& k : r["references"]) add(k.get<std::string>());
  // Material values: the keys of the material's [references] that its values' sources cite.
  if (r.contains("material") && r["material"].contains("references")) {
    const auto& refs = r["material"]["references"];
    std::string sources;
    if (r["material"].contains("values"))
      for (const auto& v : r["material"]["values"]) sources += v.value("source", "") + "\n";
    for (auto it = refs.begin(); it != refs.end(); ++it)
      if (sources.empty() || sources.find(it.key()) != std::string::npos) add(it.key());
  }
  return keys;
}

std::string reference_text(const std::string& key, const nlohmann::json& material_references) {
  const auto& bib = kiln_references();
  const auto it = bib.find(key);
  if (it != bib.end()) {
    const auto& f = it->second.fields;
    auto get = [&](const char* name) { return f.count(name) ? f.at(name) : std::string(); };
    std::string text = get("author").empty() ? "" : authors_text(get("author")) + ", ";
    text += get("title");
    const std::string venue = !get("journal").empty() ? get("journal") : !get("booktitle").empty() ? get("booktitle") : get("publisher");
    if (!venue.empty()) text += ", " + venue;
    if (!get("volume").empty()) text += " " + get("volume");
    if (!get("year").empty()) text += " (" + get("year") + ")";
    if (!get("pages").empty()) text += " " + get("pages");
    if (!get("note").empty() && venue.empty()) text += ", " + get("note");
    if (!get("doi").empty()) text += ". doi:" + get("doi");
    return plain_text(text);
  }
  if (material_references.is_object() && material_references.contains(key)) return material_references[key].get<std::string>();
  return key + " (no entry in data/references.bib)";
}

std::string citations_of_run(const std::filesystem::path& run_dir, bool bibtex) {
  const auto manifest_file = run_dir / "manifest.json";
  std::ifstream in(manifest_file);
  if (!in) throw std::runtime_error(fmt::format("{}: not a kiln run directory (no manifest.json)", run_dir.string()));
  const auto manifest = nlohmann::json::parse(in);
  const auto keys = run_reference_keys(manifest);
  nlohmann::json material_refs = nlohmann::json::object();
  const auto& r = manifest.value("resolved_input", nlohmann::json::object());
  if (r.contains("material") && r["material"].contains("references")) material_refs = r["material"]["references"];
  std::string out;
  const auto& bib = kiln_references();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!bibtex) {
      out += fmt::format("[{}] {}\n", keys[i], reference_text(keys[i], material_refs));
      continue;
    }
    const auto it = bib.find(keys[i]);
    if (it != bib.end()) {
      out += it->second.source + "\n\n";
    } else {
      std::string note = reference_text(keys[i], material_refs);
      for (auto& c : note)
        if (c == '{' || c == '}') c = ' ';
      out += fmt::format("@misc{{{},\n  note = {{{}}}\n}}\n\n", keys[i], note);
    }
  }
  return out;
}

}  // namespace kiln
