"""The data stage: kbdata/ and the articles' front matter read with the place of every value
(yamlnodes, jsondoc), checked against kbdata/schema/ (schema) and worded for an author
(schema_messages, suggest, errors), then loaded into the KB every later stage reads (kb)."""
