// What to cite for a run: kiln itself, the model, the laws it used and the sources of its material
// values. Each law names its references (DensificationLaw::references() ...), each model below,
// each material file in its [references] table; the study records the keys it used in its
// manifest (resolved_input.references). Full entries come from data/references.bib.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kiln {

struct BibEntry {
  std::string type;  // article, book, misc, ...
  std::string key;
  std::map<std::string, std::string> fields;  // lower-case names, values without braces
  std::string source;                         // the entry as written in the .bib file
};

// Reads a BibTeX file (entries @type{key, name = {value} | "value" | number, ...}).
std::map<std::string, BibEntry> read_bibtex(const std::filesystem::path& file);
// data/references.bib of kiln's data directory, read once.
const std::map<std::string, BibEntry>& kiln_references();

// The keys a run used, in order: kiln, model, laws, material values (from its manifest).
std::vector<std::string> run_reference_keys(const nlohmann::json& manifest);

// "Author, Title, Journal Volume (Year) pages. doi:..." for a key, from references.bib, else from
// the material's own [references] text, else the key alone.
std::string reference_text(const std::string& key, const nlohmann::json& material_references = {});

// The references of a run directory as numbered text or as BibTeX.
std::string citations_of_run(const std::filesystem::path& run_dir, bool bibtex);

}  // namespace kiln
