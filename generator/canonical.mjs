// The canonical layout of an approach file: exactly what Decap CMS 3.16 writes when it saves one.
//
// This repeats decap-cms-core's src/formats/yaml.ts (fromFile and toFile) with the same library,
// `yaml` 1.10 (eemeli/yaml, pinned in package.json; decap-cms-core asks for ^1.8.3, and 1.10.3 is
// the last 1.x): parse the file, put the top-level keys in the order of the collection's fields,
// and write it with the library's defaults (2-space indent, sequences indented under their key,
// plain scalars where possible, double quotes otherwise, block literals `|` for multi-line text,
// long lines folded at 80 columns). Comments are not kept: Decap drops them too.
//
// Input on stdin: {"order": [field names], "files": {name: text}}.
// Output on stdout: {name: {"text": formatted}} or {name: {"error": message}}.
import yaml from "yaml";

const timestampTag = {
  identify: (value) => value instanceof Date,
  default: true,
  tag: "!timestamp",
  test: RegExp("^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(\\.[0-9]+)?)Z$"),
  resolve: (str) => new Date(str),
  stringify: (value) => value.toISOString(),
};

function sortKeys(sortedKeys, selector) {
  return (a, b) => {
    const idxA = sortedKeys.indexOf(selector(a));
    const idxB = sortedKeys.indexOf(selector(b));
    if (idxA === -1 || idxB === -1) return 0;
    if (idxA > idxB) return 1;
    if (idxA < idxB) return -1;
    return 0;
  };
}

function fromFile(content) {
  if (content && content.trim().endsWith("---")) {
    content = content.trim().slice(0, -3);
  }
  const doc = yaml.parseDocument(content, { customTags: [timestampTag], prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new Error(doc.errors.map((e) => e.message).join("\n"));
  }
  return doc.toJSON();
}

function toFile(data, sortedKeys) {
  const contents = yaml.createNode(data);
  contents.items.sort(sortKeys(sortedKeys, (item) => item.key?.toString()));
  const doc = new yaml.Document();
  doc.contents = contents;
  return doc.toString();
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { order, files } = JSON.parse(input);
  const out = {};
  for (const [name, text] of Object.entries(files)) {
    try {
      const data = fromFile(text);
      if (data === null || typeof data !== "object" || Array.isArray(data)) {
        throw new Error("het bestand is geen groep velden");
      }
      out[name] = { text: toFile(data, order) };
    } catch (error) {
      out[name] = { error: String(error.message || error) };
    }
  }
  process.stdout.write(JSON.stringify(out));
});
