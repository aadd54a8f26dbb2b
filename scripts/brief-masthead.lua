-- pandoc Lua filter for scripts/extract-corpus.sh: lets pandoc's own templates (DOCX, ODT, HTML,
-- Typst) print a briefpress front matter the way an ordinary house template would.
--   * `authors` (names or {name, affiliation}) becomes pandoc's `author`; with the metadata
--     variable `author-maps` set, entries keep their affiliation (the Typst template shows it),
--     otherwise each is "Name" and the affiliations follow as one plain line.
--   * the publisher and the series are set as two plain lines at the top of the body (pandoc's
--     templates have no place for them).
local function str(v)
  if v == nil then return nil end
  return pandoc.utils.stringify(v)
end

function Meta(m)
  if m.authors and not m.author then
    local list = {}
    local affs = {}
    local maps = m["author-maps"] ~= nil
    for _, a in ipairs(m.authors) do
      local name, aff
      if type(a) == "table" and a.name then
        name, aff = str(a.name), str(a.affiliation)
      else
        name = str(a)
      end
      if maps then
        list[#list + 1] = { name = pandoc.MetaInlines(pandoc.Inlines(name)),
                            affiliation = pandoc.MetaInlines(pandoc.Inlines(aff or "")) }
      else
        list[#list + 1] = pandoc.MetaInlines(pandoc.Inlines(name))
        if aff and aff ~= "" then affs[#affs + 1] = name .. ": " .. aff end
      end
    end
    m.author = list
    if maps then m.keywords = nil end  -- pandoc 3.9 writes Typst keywords unquoted
    if #affs > 0 then m["bp-affiliations"] = table.concat(affs, "; ") end
  end
  m["bp-publisher"] = str(m.publisher)
  m["bp-series"] = str(m.series)
  return m
end

function Pandoc(doc)
  local m = doc.meta
  local head = {}
  if m["bp-publisher"] then head[#head + 1] = pandoc.Para(pandoc.Strong(pandoc.Inlines(str(m["bp-publisher"])))) end
  if m["bp-series"] then head[#head + 1] = pandoc.Para(pandoc.Inlines(str(m["bp-series"]))) end
  if m["bp-affiliations"] then head[#head + 1] = pandoc.Para(pandoc.Emph(pandoc.Inlines(str(m["bp-affiliations"])))) end
  for i = #head, 1, -1 do table.insert(doc.blocks, 1, head[i]) end
  return doc
end
