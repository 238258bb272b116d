//! The Nghị định 30 layout numbers: the one table both writers read.
//!
//! Every margin, size, indent and spacing of the printed document lives here.
//! The PDF writer passes this table to the typst template as data; the DOCX
//! writer converts it to twips and half-points. Neither writer has a layout
//! number of its own.

use serde::Serialize;

/// How one kind of text is set: size, weight, slant and line pitch.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TextStyle {
    /// Font size in points.
    pub size: f64,
    pub bold: bool,
    pub italic: bool,
    /// Baseline-to-baseline distance in points (Word: "exactly").
    pub pitch: f64,
}

impl TextStyle {
    const fn new(size: f64, bold: bool, italic: bool, pitch: f64) -> Self {
        TextStyle {
            size,
            bold,
            italic,
            pitch,
        }
    }
}

/// The whole layout of a document (spec §1–§3). All lengths in millimetres
/// unless the field name says `_pt`.
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    pub page_width: f64,
    pub page_height: f64,
    pub margin_top: f64,
    pub margin_bottom: f64,
    pub margin_left: f64,
    pub margin_right: f64,
    /// Distance from the top edge of the page to the top of the page number.
    pub header_distance: f64,
    /// Font families in order of preference; the DOCX names the first.
    pub fonts: [&'static str; 2],
    /// The label over the distribution list (ô 9b).
    pub recipients_label: &'static str,

    /// Header table: left column (agency, number, V/v) and right column
    /// (Quốc hiệu, Tiêu ngữ, place/date). ND30 gives no widths; these are the
    /// common Word-template widths, wide enough that "CỘNG HÒA XÃ HỘI CHỦ
    /// NGHĨA VIỆT NAM" stays on one line. The table starts `header_shift`
    /// to the left of the text area, into the left margin, as Word templates do.
    pub header_left: f64,
    pub header_right: f64,
    pub header_shift: f64,
    /// Length of the rule under the issuing body, as a share of its text
    /// (ND30: 1/3 to 1/2).
    pub agency_rule_ratio: f64,
    /// The rule under the Tiêu ngữ is as long as the Tiêu ngữ (ratio 1).
    pub motto_rule_ratio: f64,
    /// Rule thickness in points.
    pub rule_pt: f64,
    /// Gap between a text line and the rule under it, in points.
    pub rule_gap_pt: f64,
    /// Space above the "Số:" / place-date row, in points.
    pub number_row_above_pt: f64,
    /// Space above the công văn "V/v" line (ND30: 6 pt under the number).
    pub subject_above_pt: f64,

    /// Space between the header and a kind's title (tên loại), in points.
    pub title_above_pt: f64,
    /// Rule under the title's trích yếu, as a share of its text (1/3–1/2).
    pub subject_rule_ratio: f64,

    /// Space between the header and "Kính gửi", in points.
    pub kinh_gui_above_pt: f64,
    /// Left edge of a multi-recipient "Kính gửi:" block, from the text area.
    pub kinh_gui_indent: f64,
    /// Space between "Kính gửi" and the body, in points.
    pub kinh_gui_below_pt: f64,

    /// Body: justified, first-line indent 1–1.27 cm, ≥ 6 pt between paragraphs.
    pub first_line_indent: f64,
    pub paragraph_space_pt: f64,
    /// Between the items of a list whose items are each one line (G2: a
    /// one-page giấy mời stays one page). ND30's "at least 6 pt" is
    /// between paragraphs; a list of one-liners reads as one.
    pub list_space_pt: f64,

    /// Signature table: Nơi nhận (left) and signer (right) columns.
    pub sign_left: f64,
    pub sign_right: f64,
    /// Space above the signature table, in points.
    pub sign_above_pt: f64,
    /// Room for the signature and seal between the titles and the name.
    pub signature_space: f64,

    /// Footnote separator length as a share of the text width.
    pub footnote_rule_ratio: f64,
    /// Gap between the footnote separator and the first note, in points.
    pub footnote_rule_gap_pt: f64,
    /// Space between the body and the footnote separator, in points.
    pub footnote_clearance_pt: f64,

    /// Tables: cell padding (horizontal, vertical) in points; space around.
    pub table_pad_x_pt: f64,
    pub table_pad_y_pt: f64,
    pub table_space_pt: f64,

    /// Secrecy and urgency stamps (ô 10a/10b): framed boxes `stamp_height`
    /// high, each word's width from `stamp_widths`, in `stamp_color`, with
    /// `stamp_gap_pt` above each box.
    pub stamp_height: f64,
    pub stamp_widths: [(&'static str, f64); 6],
    pub stamp_color: &'static str,
    pub stamp_gap_pt: f64,
    /// Distribution note (ô 11): a framed box, padding around its text.
    pub note_pad_x_pt: f64,
    pub note_pad_y_pt: f64,

    /// Space above a centred Phần/Chương/Mục heading, in points.
    pub division_above_pt: f64,

    /// Two signers side by side (biên bản, joint documents): the column
    /// widths, and the space between them and the Nơi nhận list below.
    pub cosign_left: f64,
    pub cosign_right: f64,
    pub recipients_below_pt: f64,

    /// Copy block (bản sao): space above its full-width rule and below it.
    pub copy_above_pt: f64,
    pub copy_below_pt: f64,

    pub parent_body: TextStyle,
    pub issuing_body: TextStyle,
    pub national_title: TextStyle,
    pub motto: TextStyle,
    pub number: TextStyle,
    pub place_date: TextStyle,
    pub subject_cv: TextStyle,
    pub kind_title: TextStyle,
    pub subject_title: TextStyle,
    pub kinh_gui: TextStyle,
    pub body: TextStyle,
    pub signer: TextStyle,
    pub recipients_title: TextStyle,
    pub recipients: TextStyle,
    pub footnote: TextStyle,
    pub page_number: TextStyle,
    pub table_header: TextStyle,
    pub table_cell: TextStyle,
    pub stamp: TextStyle,
    pub note: TextStyle,
    pub division: TextStyle,
    pub appendix_heading: TextStyle,
    pub attachment_ref: TextStyle,
    pub contact: TextStyle,
    pub copy_form: TextStyle,
    /// A caption under an image.
    pub caption: TextStyle,
}

/// Where the PDF writer puts a line's top and bottom edges, in em above and
/// below the baseline: the proportions Word uses for "exactly" spacing. A
/// line box is then TEXT_TOP_EM + TEXT_BOTTOM_EM high whatever the font's
/// own metrics, so a line pitch P needs a leading of P minus that height.
pub const TEXT_TOP_EM: f64 = 0.8;
pub const TEXT_BOTTOM_EM: f64 = 0.2;

/// The layout vanban prints. Sizes follow the example column of Phụ lục I,
/// Mục V, where the rule gives a range.
pub const ND30: Layout = Layout {
    page_width: 210.0,
    page_height: 297.0,
    margin_top: 20.0,
    margin_bottom: 20.0,
    margin_left: 30.0,
    margin_right: 15.0,
    header_distance: 10.0,
    fonts: ["Times New Roman", "Liberation Serif"],
    recipients_label: "Nơi nhận:",

    header_left: 70.0,
    header_right: 102.0,
    header_shift: 7.0,
    agency_rule_ratio: 0.4,
    motto_rule_ratio: 1.0,
    rule_pt: 0.5,
    rule_gap_pt: 3.0,
    number_row_above_pt: 6.0,
    subject_above_pt: 6.0,

    title_above_pt: 18.0,
    subject_rule_ratio: 0.4,

    kinh_gui_above_pt: 18.0,
    kinh_gui_indent: 30.0,
    kinh_gui_below_pt: 12.0,

    first_line_indent: 12.7,
    paragraph_space_pt: 6.0,
    list_space_pt: 0.0,

    sign_left: 80.0,
    sign_right: 85.0,
    sign_above_pt: 12.0,
    signature_space: 28.0,

    footnote_rule_ratio: 0.3,
    footnote_rule_gap_pt: 4.0,
    footnote_clearance_pt: 6.0,

    table_pad_x_pt: 4.0,
    table_pad_y_pt: 3.0,
    table_space_pt: 6.0,

    stamp_height: 8.0,
    // Urgency frames are ND30's (30×8, 40×8, 20×8 mm). The secrecy stamp's
    // size belongs to the state-secrets rules, which the spec does not give;
    // the same widths by word length are the common practice.
    stamp_widths: [
        ("HỎA TỐC", 30.0),
        ("THƯỢNG KHẨN", 40.0),
        ("KHẨN", 20.0),
        ("MẬT", 20.0),
        ("TỐI MẬT", 30.0),
        ("TUYỆT MẬT", 40.0),
    ],
    stamp_color: "FF0000",
    stamp_gap_pt: 6.0,
    note_pad_x_pt: 6.0,
    note_pad_y_pt: 3.0,

    division_above_pt: 12.0,

    cosign_left: 82.5,
    cosign_right: 82.5,
    recipients_below_pt: 12.0,

    copy_above_pt: 12.0,
    copy_below_pt: 6.0,

    parent_body: TextStyle::new(12.0, false, false, 14.0),
    issuing_body: TextStyle::new(12.0, true, false, 14.0),
    national_title: TextStyle::new(12.0, true, false, 14.0),
    motto: TextStyle::new(13.0, true, false, 15.0),
    number: TextStyle::new(13.0, false, false, 15.0),
    place_date: TextStyle::new(13.0, false, true, 15.0),
    subject_cv: TextStyle::new(12.0, false, false, 14.0),
    kind_title: TextStyle::new(14.0, true, false, 17.0),
    subject_title: TextStyle::new(14.0, true, false, 17.0),
    kinh_gui: TextStyle::new(14.0, false, false, 17.0),
    body: TextStyle::new(14.0, false, false, 16.5),
    signer: TextStyle::new(14.0, true, false, 17.0),
    recipients_title: TextStyle::new(12.0, true, true, 14.0),
    recipients: TextStyle::new(11.0, false, false, 13.0),
    // ND30 does not regulate footnotes; 10 pt is Word's and common practice.
    footnote: TextStyle::new(10.0, false, false, 11.5),
    page_number: TextStyle::new(14.0, false, false, 16.0),
    // Tables are not regulated; 13 pt keeps four columns readable.
    table_header: TextStyle::new(13.0, true, false, 15.0),
    table_cell: TextStyle::new(13.0, false, false, 15.0),
    stamp: TextStyle::new(13.0, true, false, 15.0),
    note: TextStyle::new(13.0, true, false, 15.0),
    division: TextStyle::new(14.0, true, false, 17.0),
    appendix_heading: TextStyle::new(14.0, true, false, 17.0),
    attachment_ref: TextStyle::new(14.0, false, true, 17.0),
    contact: TextStyle::new(11.0, false, false, 13.0),
    copy_form: TextStyle::new(13.0, true, false, 15.0),
    // Captions are not regulated; italic 13 pt as tables' text size.
    caption: TextStyle::new(13.0, false, true, 15.0),
};

impl Layout {
    /// The frame width of a stamp's words (ô 10a/10b), in mm.
    pub fn stamp_width(&self, text: &str) -> f64 {
        self.stamp_widths
            .iter()
            .find(|(t, _)| *t == text)
            .map(|(_, w)| *w)
            .unwrap_or(40.0)
    }

    /// Width of the text area.
    pub fn text_width(&self) -> f64 {
        self.page_width - self.margin_left - self.margin_right
    }
}

/// Millimetres to twentieths of a point (DOCX "twips").
pub fn twips(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

/// Points to twips.
pub fn pt_twips(pt: f64) -> i32 {
    (pt * 20.0).round() as i32
}

/// Points to DOCX half-points (`w:sz`).
pub fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins_inside_nd30_ranges() {
        let l = &ND30;
        assert!((20.0..=25.0).contains(&l.margin_top));
        assert!((20.0..=25.0).contains(&l.margin_bottom));
        assert!((30.0..=35.0).contains(&l.margin_left));
        assert!((15.0..=20.0).contains(&l.margin_right));
        assert!((10.0..=12.7).contains(&l.first_line_indent));
        assert!(l.paragraph_space_pt >= 6.0);
        assert!((1.0 / 3.0..=0.5).contains(&l.agency_rule_ratio));
    }

    #[test]
    fn line_pitch_between_single_and_one_and_a_half() {
        // Single spacing of Times New Roman is 1.15 em.
        let b = ND30.body;
        assert!(b.pitch >= b.size * 1.15 - 0.5 && b.pitch <= b.size * 1.15 * 1.5);
    }

    #[test]
    fn sizes_inside_nd30_ranges() {
        let l = &ND30;
        assert!((12.0..=13.0).contains(&l.national_title.size));
        assert!((13.0..=14.0).contains(&l.motto.size));
        assert!((12.0..=13.0).contains(&l.issuing_body.size));
        assert!((12.0..=13.0).contains(&l.subject_cv.size));
        assert!((13.0..=14.0).contains(&l.body.size));
        assert_eq!(l.recipients_title.size, 12.0);
        assert_eq!(l.recipients.size, 11.0);
        assert!(l.place_date.italic && l.recipients_title.italic && l.recipients_title.bold);
        assert!((13.0..=14.0).contains(&l.stamp.size) && l.stamp.bold);
        assert_eq!(l.appendix_heading.size, 14.0);
        assert!(l.appendix_heading.bold && l.attachment_ref.italic);
        assert!((11.0..=12.0).contains(&l.contact.size));
        assert!((l.cosign_left + l.cosign_right - l.text_width()).abs() < 0.01);
    }

    #[test]
    fn urgency_frames_follow_nd30() {
        assert_eq!(ND30.stamp_width("HỎA TỐC"), 30.0);
        assert_eq!(ND30.stamp_width("THƯỢNG KHẨN"), 40.0);
        assert_eq!(ND30.stamp_width("KHẨN"), 20.0);
        assert_eq!(ND30.stamp_height, 8.0);
    }

    #[test]
    fn unit_conversions() {
        assert_eq!(twips(210.0), 11906);
        assert_eq!(twips(297.0), 16838);
        assert_eq!(twips(12.7), 720);
        assert_eq!(half_points(13.0), 26);
        assert_eq!(pt_twips(6.0), 120);
    }
}
