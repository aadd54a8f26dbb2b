//! Runs of spaces inside a line: pdfminer (markitdown) writes the stretched spaces of a
//! justified line as two or three (`This  brief  argues`), which no reader means. Once the
//! passes that read gaps as column gutters and line lengths as paragraph ends have run, each
//! run inside a line is one space, so that "Katharina  Vollmer" is the author's name. The
//! indentation and a line's end are left as they are.

use super::Lines;

pub fn run(l: &mut Lines) {
    for line in l.lines.iter_mut() {
        let inner = line.text.trim();
        if inner.contains("  ") || inner.contains('\t') {
            line.text = collapse(&line.text);
        }
    }
}

fn collapse(text: &str) -> String {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    for (i, word) in text[start..end]
        .split([' ', '\t'])
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push_str(&text[end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_inside_a_line_are_one_space() {
        assert_eq!(collapse("Katharina  Vollmer  ist"), "Katharina Vollmer ist");
        assert_eq!(collapse("a\t\tb"), "a b");
    }

    #[test]
    fn indentation_and_the_line_end_stay() {
        assert_eq!(collapse("    indented  text  "), "    indented text  ");
        assert_eq!(collapse("plain"), "plain");
    }
}
