// Compiled against the types openapi-typescript generates from /openapi.json (api.d.ts beside it).
import type { components, operations, paths } from "./api";

type Article = components["schemas"]["ArticlePublic"];
type ArticlePage = paths["/v1/articles"]["get"]["responses"][200]["content"]["application/json"];
type Problem = components["schemas"]["Problem"];
type ListArticlesQuery = operations["listArticles"]["parameters"]["query"];

export const title: Article["title"] = "Спецпредставник США Кіт Келлог";
export function firstTitle(page: ArticlePage): string | undefined {
  return page.items[0]?.title;
}
export const notFound: Problem = { type: "about:blank", title: "Not Found", status: 404, detail: "No article." };
export const query: ListArticlesQuery = { limit: 20 };
