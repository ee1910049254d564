import Mustache

/// The HTML pages' Mustache templates as one library, so pages share partials (the style sheet,
/// the bar chart).
enum ReportTemplates {
    enum Page: String {
        case evolution, landlord
    }

    /// Parses the templates.
    /// - Throws: `ReportError.template` when a template does not parse (a defect of ours).
    /// Every template starts with the pragma that selects `HTMLText`'s escaping (on bytes) instead
    /// of swift-mustache's (on `Character`s, which lets a `"` or `<` inside a grapheme cluster
    /// through); the pragma shares the template's first line, so it renders nothing.
    static func library() throws(ReportError) -> MustacheLibrary {
        HTMLText.registerContentType()
        var library = MustacheLibrary()
        for (name, text) in [("style", HTMLReportTemplate.style), ("barChart", HTMLReportTemplate.barChart),
                             ("scoreBar", HTMLReportTemplate.scoreBar),
                             (Page.evolution.rawValue, HTMLReportTemplate.page), (Page.landlord.rawValue, HTMLReportTemplate.landlordPage)] {
            do {
                try library.register("{{% CONTENT_TYPE: \(HTMLText.contentTypeName) }}" + text, named: name)
            } catch {
                throw .template("\(name) : \(error)")
            }
        }
        return library
    }

    /// Renders `page` with `context` (every value escaped by `HTMLText.escape`).
    static func render(_ context: [String: Any], page: Page) throws(ReportError) -> String {
        guard let text = try library().render(context, withTemplate: page.rawValue) else { throw .template(page.rawValue) }
        return text
    }
}
