//! pandoc's grid and simple tables, which CommonMark reads as paragraphs of dashes and bars.
//! pandoc writes them whenever it turns a Word file into Markdown, so briefs that went
//! through it hold them. Before the Markdown is parsed, each is rewritten as the GFM pipe
//! table it stands for (cell text kept as Markdown, alignment from the colons or from where
//! the header sits over its dashes), followed by blank lines so every later line keeps its
//! number for diagnostics. Fenced code is left alone.
//!
//! A grid table with cells that span (pandoc 3 writes some) is left as it is.

/// A column's alignment, written as GFM's delimiter row writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Default,
    Left,
    Right,
    Center,
}

/// `text` with its grid and simple tables rewritten as pipe tables.
pub fn rewrite(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("--") {
        return text.into();
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let code = super::fences::in_fenced_code(&lines);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut changed = false;
    let mut caption_next = false;
    while i < lines.len() {
        let line = lines[i];
        if !code[i]
            && (i == 0 || lines[i - 1].trim().is_empty())
            && let Some((rows, used)) = grid_table(&lines[i..])
                .or_else(|| multiline_table(&lines[i..]))
                .or_else(|| simple_table(&lines[i..]))
        {
            out.push_str(&pipe_table(&rows));
            // Keep the line count: one blank line per source line not written.
            let written = rows.cells.len() + 1 + usize::from(!rows.header);
            out.push_str(&"\n".repeat(used.saturating_sub(written)));
            i += used;
            caption_next = true;
            changed = true;
            continue;
        }
        if caption_next && !line.trim().is_empty() {
            caption_next = false;
            // pandoc's caption line under a table: `Table: …` or `: …`.
            let t = line.trim_start();
            if let Some(caption) = t.strip_prefix("Table:").or_else(|| t.strip_prefix(": ")) {
                out.push_str(caption.trim_start());
                i += 1;
                continue;
            }
        }
        out.push_str(line);
        i += 1;
    }
    if changed { out.into() } else { text.into() }
}

/// A table read from source lines: its rows (the first is the header when `header`) and
/// its columns' alignments.
#[derive(Debug, Clone, PartialEq)]
struct Rows {
    header: bool,
    align: Vec<Align>,
    cells: Vec<Vec<String>>,
}

/// The pipe table for `rows`, ending with a newline; a table without a header gets an empty
/// one (GFM requires it), which the reader reads as none.
fn pipe_table(rows: &Rows) -> String {
    let width = rows.align.len();
    let row = |cells: &[String]| {
        let mut s = String::from("|");
        for k in 0..width {
            let cell = cells.get(k).map(String::as_str).unwrap_or("");
            s.push(' ');
            s.push_str(&cell.replace('|', "\\|"));
            s.push_str(" |");
        }
        s.push('\n');
        s
    };
    let mut out = String::new();
    let body = if rows.header {
        out.push_str(&row(&rows.cells[0]));
        &rows.cells[1..]
    } else {
        out.push_str(&row(&[]));
        &rows.cells[..]
    };
    out.push('|');
    for a in &rows.align {
        out.push_str(match a {
            Align::Default => " --- |",
            Align::Left => " :-- |",
            Align::Right => " --: |",
            Align::Center => " :-: |",
        });
    }
    out.push('\n');
    for r in body {
        out.push_str(&row(r));
    }
    out
}

/// A grid table's border (`+---+---+`, `+===+`, `+:--+--:+`): the character positions of
/// its `+` and the alignments its colons give.
fn border(line: &str) -> Option<(Vec<usize>, Vec<Align>, bool)> {
    let t = line.trim_end();
    let chars: Vec<char> = t.chars().collect();
    if chars.len() < 3 || chars[0] != '+' || chars[chars.len() - 1] != '+' {
        return None;
    }
    let heavy = chars.contains(&'=');
    let mut plus = Vec::new();
    let mut align = Vec::new();
    let mut start = 0;
    for (k, c) in chars.iter().enumerate() {
        match c {
            '+' => {
                if k > 0 {
                    let seg = &chars[start + 1..k];
                    if seg.is_empty() {
                        return None;
                    }
                    align.push(colons(seg.first() == Some(&':'), seg.last() == Some(&':')));
                }
                plus.push(k);
                start = k;
            }
            '-' | '=' | ':' => {}
            _ => return None,
        }
    }
    Some((plus, align, heavy))
}

fn colons(left: bool, right: bool) -> Align {
    match (left, right) {
        (true, true) => Align::Center,
        (true, false) => Align::Left,
        (false, true) => Align::Right,
        (false, false) => Align::Default,
    }
}

/// A grid table at the start of `lines`: its rows and how many lines it took.
fn grid_table(lines: &[&str]) -> Option<(Rows, usize)> {
    let (plus, mut align, _) = border(lines.first()?)?;
    let mut cells: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<Vec<String>> = vec![Vec::new(); plus.len() - 1];
    let mut header = false;
    let mut used = 1;
    for line in &lines[1..] {
        used += 1;
        if let Some((p, a, heavy)) = border(line) {
            if p != plus {
                return None;
            }
            cells.push(
                current
                    .iter()
                    .map(|c| c.join(" ").trim().to_string())
                    .collect(),
            );
            current = vec![Vec::new(); plus.len() - 1];
            if heavy {
                if cells.len() != 1 {
                    return None;
                }
                header = true;
                align = a;
            }
            // The table ends at a border followed by anything but a row line.
            let next = lines.get(used).map(|l| l.trim_start());
            if !next.is_some_and(|n| n.starts_with('|') || n.starts_with('+')) {
                break;
            }
            continue;
        }
        let chars: Vec<char> = line.trim_end().chars().collect();
        // Every column boundary must be a bar: a cell that spans is not read here.
        if chars.len() != plus[plus.len() - 1] + 1 || plus.iter().any(|&p| chars[p] != '|') {
            return None;
        }
        for (k, w) in plus.windows(2).enumerate() {
            let text: String = chars[w[0] + 1..w[1]].iter().collect();
            if !text.trim().is_empty() {
                current[k].push(text.trim().to_string());
            }
        }
    }
    if cells.is_empty() || current.iter().any(|c| !c.is_empty()) {
        return None;
    }
    Some((
        Rows {
            header,
            align,
            cells,
        },
        used,
    ))
}

/// A simple table at the start of `lines`: a header line over groups of dashes, rows, and a
/// blank line (or the end) after them; `Table:` or `:` caption lines are left to follow.
fn simple_table(lines: &[&str]) -> Option<(Rows, usize)> {
    let head = lines.first()?;
    let dashes = lines.get(1)?;
    if head.trim().is_empty() || head.trim_start().starts_with(['|', '+', '-']) {
        return None;
    }
    let groups = dash_groups(dashes)?;
    if groups.len() < 2 {
        return None;
    }
    let head_chars: Vec<char> = head.trim_end_matches(['\n', '\r']).chars().collect();
    // Every line keeps to its columns: only spaces where the rule has them between groups,
    // and the header names each column (prose over a rule does neither).
    let in_columns = |chars: &[char]| {
        groups.windows(2).all(|w| {
            chars
                .get(w[0].1..w[1].0.min(chars.len()))
                .is_some_and(|gap| gap.iter().all(|c| *c == ' '))
                || chars.len() <= w[0].1
        })
    };
    let header = slice(&head_chars, &groups);
    if !in_columns(&head_chars) || header.iter().any(String::is_empty) {
        return None;
    }
    let mut rows = vec![header];
    let mut used = 2;
    for line in &lines[2..] {
        if line.trim().is_empty() {
            break;
        }
        let chars: Vec<char> = line.trim_end_matches(['\n', '\r']).chars().collect();
        if !in_columns(&chars) {
            return None;
        }
        rows.push(slice(&chars, &groups));
        used += 1;
    }
    if rows.len() < 2 {
        return None;
    }
    // Where the header sits over its dashes gives the alignment.
    let align = header_align(&head_chars, &groups, Align::Default);
    Some((
        Rows {
            header: true,
            align,
            cells: rows,
        },
        used,
    ))
}

/// A multiline table (what pandoc's Markdown writes for a Word table whose cells wrap): a
/// rule of dashes across, the header's lines, a rule of dash groups, rows of one or more
/// lines separated by blank lines, and a closing rule across. A cell's lines are joined.
fn multiline_table(lines: &[&str]) -> Option<(Rows, usize)> {
    let across = |l: &str| dash_groups(l).is_some_and(|g| g.len() == 1);
    if !across(lines.first()?) {
        return None;
    }
    let rule =
        (1..lines.len().min(8)).find(|&k| dash_groups(lines[k]).is_some_and(|g| g.len() >= 2))?;
    if rule == 1 || lines[1..rule].iter().any(|l| l.trim().is_empty()) {
        return None;
    }
    let groups = dash_groups(lines[rule])?;
    let end = (rule + 1..lines.len()).find(|&k| across(lines[k]))?;
    let chars = |l: &str| -> Vec<char> { l.trim_end_matches(['\n', '\r']).chars().collect() };
    let join = |block: &[&str]| -> Vec<String> {
        let mut cells = vec![String::new(); groups.len()];
        for l in block {
            for (k, c) in slice(&chars(l), &groups).into_iter().enumerate() {
                if !c.is_empty() {
                    if !cells[k].is_empty() {
                        cells[k].push(' ');
                    }
                    cells[k].push_str(&c);
                }
            }
        }
        cells
    };
    let mut rows = vec![join(&lines[1..rule])];
    let mut block: Vec<&str> = Vec::new();
    for l in &lines[rule + 1..end] {
        if l.trim().is_empty() {
            if !block.is_empty() {
                rows.push(join(&block));
                block.clear();
            }
        } else {
            block.push(l);
        }
    }
    if !block.is_empty() {
        rows.push(join(&block));
    }
    if rows.len() < 2 || rows[0].iter().all(String::is_empty) {
        return None;
    }
    // pandoc reads a multiline table's header flush on both sides as left-aligned.
    let align = header_align(&chars(lines[1]), &groups, Align::Left);
    Some((
        Rows {
            header: true,
            align,
            cells: rows,
        },
        end + 1,
    ))
}

/// Each column's alignment from where the header's text sits over its dashes: flush left,
/// flush right, centred, or `both` when flush on both sides.
fn header_align(head: &[char], groups: &[(usize, usize)], both: Align) -> Vec<Align> {
    groups
        .iter()
        .map(|&(a, b)| {
            let flush_left = head.get(a).is_some_and(|c| *c != ' ');
            let flush_right = head.get(b - 1).is_some_and(|c| *c != ' ');
            match (flush_left, flush_right) {
                (true, true) => both,
                (true, false) => Align::Left,
                (false, true) => Align::Right,
                (false, false) => Align::Center,
            }
        })
        .collect()
}

/// The character ranges of the dash groups of a simple table's rule (`-----  ------`).
fn dash_groups(line: &str) -> Option<Vec<(usize, usize)>> {
    let chars: Vec<char> = line.trim_end().chars().collect();
    if chars.is_empty() || !chars.iter().all(|c| *c == '-' || *c == ' ') {
        return None;
    }
    let mut groups = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if chars[k] == '-' {
            let start = k;
            while k < chars.len() && chars[k] == '-' {
                k += 1;
            }
            if k - start < 3 {
                return None;
            }
            groups.push((start, k));
        } else {
            k += 1;
        }
    }
    Some(groups)
}

/// A row's cells: the text over each group of dashes, a cell running on past its group's
/// end up to the next group's start.
fn slice(chars: &[char], groups: &[(usize, usize)]) -> Vec<String> {
    groups
        .iter()
        .enumerate()
        .map(|(k, &(a, _))| {
            let start = if k == 0 { 0 } else { a.min(chars.len()) };
            let end = groups
                .get(k + 1)
                .map_or(chars.len(), |g| g.0)
                .min(chars.len());
            chars[start.min(end)..end]
                .iter()
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_table_becomes_a_pipe_table_with_its_lines_kept() {
        let src = "Before.\n\n+-------+:------:+\n| Port  | Delay  |\n+=======+=======:+\n\
                   | Haldby| 48 h,  |\n|       | at low |\n+-------+--------+\n| Nor\\|vik | 22 h |\n\
                   +-------+--------+\n\n: Table 2: Delays\n\nAfter.\n";
        // The third row's bars do not line up: the table is left alone.
        assert_eq!(rewrite(src), src);
        let src = src.replace("| Nor\\|vik | 22 h |", "| a|b   | 22 h   |");
        let out = rewrite(&src);
        assert_eq!(
            out,
            "Before.\n\n| Port | Delay |\n| --- | --: |\n| Haldby | 48 h, at low |\n\
             | a\\|b | 22 h |\n\n\n\n\n\nTable 2: Delays\n\nAfter.\n"
        );
        assert_eq!(out.lines().count(), src.lines().count());
    }

    #[test]
    fn a_grid_table_without_a_header_gets_an_empty_one() {
        let out = rewrite("+---+---+\n| a | b |\n+---+---+\n");
        assert_eq!(out, "|  |  |\n| --- | --- |\n| a | b |\n");
    }

    #[test]
    fn a_simple_tables_alignment_comes_from_its_header() {
        // pandoc's manual's example.
        let src = "\n  Right     Left     Center     Default\n-------     ------ ----------   -------\n     \
                   12     12        12            12\n    123     123       123          123\n\nTable: Demo\n";
        assert_eq!(
            rewrite(src),
            "\n| Right | Left | Center | Default |\n| --: | :-- | :-: | --- |\n| 12 | 12 | 12 | 12 |\n\
             | 123 | 123 | 123 | 123 |\n\nDemo\n"
        );
    }

    #[test]
    fn prose_code_and_page_rules_are_left_alone() {
        for src in [
            "A line of text\n-----   -----\nmore\n",
            "Text.\n\n-----\n\nMore text.\n",
            "```\nPort   Delay\n-----  -----\n1      2\n```\n",
            "Text\n+---+ not a table\n",
        ] {
            assert_eq!(rewrite(src), src, "{src}");
        }
    }

    #[test]
    fn multiline_tables_become_pipe_tables_with_their_cells_joined() {
        let text = "Before.\n\n  ---------------------------------------------\n  Scheme          Homes   Current ratio\n  --------------- ------- ---------------\n  City suburb       1,450             8.2\n  wall                                   \n\n  Riverside           310             6.5\n  ---------------------------------------------\n\nAfter.\n";
        let out = rewrite(text);
        assert!(out.contains("| Scheme | Homes | Current ratio |"), "{out}");
        assert!(out.contains("| City suburb wall | 1,450 | 8.2 |"), "{out}");
        assert!(out.contains("| Riverside | 310 | 6.5 |"), "{out}");
        assert_eq!(out.lines().count(), text.lines().count(), "{out}");
    }
}
