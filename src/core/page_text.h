/* page_text.h - texts that s3pm's report page (/p/{slug}/{period}) prints
 * around the answers, shared by the pages that print them (src/web) and the
 * readers (src/doc/pdf_lines.c, src/core/reader_text.c), which read a
 * browser's print of the page ("Save as PDF") by them: the column headers
 * of the tables in which the page shows a region list and a likert matrix
 * (a row's label, then the label of its chosen level), what an unanswered
 * question or likert row says, and the first texts after the report (the
 * Commission's decisions, the site's footer), where the PDF reader stops. */
#ifndef S3PM_PAGE_TEXT_H
#define S3PM_PAGE_TEXT_H

#define PAGE_TEXT_SITE_NAME "S3 Partnership Monitor"

#define PAGE_TEXT_REGION_NAME "Region"
#define PAGE_TEXT_REGION_COUNTRY "Country"
#define PAGE_TEXT_REGION_NUTS "NUTS code"
#define PAGE_TEXT_LIKERT_ROW "Goal"
#define PAGE_TEXT_LIKERT_LEVEL "Contribution"
#define PAGE_TEXT_LIKERT_NONE "Not answered"
/* What the page shows for a question left unanswered (the text reader
 * reads it as no answer, as s3pm's PDF's REPORT_NO_ANSWER). */
#define PAGE_TEXT_NO_ANSWER "No answer"

/* The heading of the decisions under a report, and the footer's first
 * sentence (the licence link follows it). */
#define PAGE_TEXT_DECISIONS "Decisions of the European Commission on the partnership"
#define PAGE_TEXT_FOOTER PAGE_TEXT_SITE_NAME " \xe2\x80\x93 free software under the"

#endif
