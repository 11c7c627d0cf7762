"""The facts evaluation set: descriptions with the facts a careful reader takes from them."""
